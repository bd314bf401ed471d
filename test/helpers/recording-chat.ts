// A ChatPort that records what the robot says: the robot's tests assert on real replies, edits and buttons.
import type { ButtonClick, ChatPort, ClickAnswer, InboundMessage, Outbound, RobotPort, SentPost } from '../../src/robot/types.js';

export interface Recorded {
  id: string;
  channelId: string;
  threadId?: string;
  out: Outbound;
  edits: Outbound[];
}

export class RecordingChat implements ChatPort {
  readonly name = 'test';
  readonly posts: Recorded[] = [];
  readonly acks: string[] = [];
  robot?: RobotPort;
  private n = 0;
  private msgN = 0;
  healthy = true;

  async start(robot: RobotPort): Promise<void> {
    this.robot = robot;
  }
  async reply(to: InboundMessage, out: Outbound): Promise<SentPost> {
    return this.record(to.channelId, to.threadId ?? to.id, out);
  }
  async send(channel: string, out: Outbound): Promise<SentPost> {
    return this.record(channel, undefined, out);
  }
  async ack(to: InboundMessage): Promise<void> {
    this.acks.push(to.id);
  }
  health() {
    return { healthy: this.healthy, detail: this.healthy ? 'test' : 'down' };
  }
  async stop(): Promise<void> {}

  /** Say something to the robot as a user; resolves once the robot handled it. */
  async say(text: string, o: Partial<InboundMessage> = {}): Promise<InboundMessage> {
    const msg: InboundMessage = {
      id: `m${++this.msgN}`,
      kind: 'channel',
      text,
      userId: 'u-admin',
      userName: 'alice',
      channelId: 'c1',
      addressed: true,
      source: 'test',
      ...o,
    };
    await this.robot!.receive(msg);
    return msg;
  }
  /** Click like Mattermost does; a `replace` answer edits the post (its buttons go). Returns the text shown. */
  async click(post: Recorded, buttonId: string, userId = 'u-admin', userName = 'alice'): Promise<Outbound> {
    const b = post.out.buttons?.find((x) => x.id === buttonId);
    if (!b) throw new Error(`no button ${buttonId}`);
    const click: ButtonClick = { userId, userName, channelId: post.channelId, postId: post.id, context: b.context };
    const answer: ClickAnswer = await this.robot!.click(click);
    if (answer.kind === 'private') return { text: answer.text };
    post.edits.push(answer.out);
    return answer.out;
  }
  texts(): string[] {
    return this.posts.map((p) => (p.edits.length ? p.edits[p.edits.length - 1]!.text : p.out.text));
  }
  last(): Recorded {
    const p = this.posts[this.posts.length - 1];
    if (!p) throw new Error('nothing was posted');
    return p;
  }

  private record(channelId: string, threadId: string | undefined, out: Outbound): SentPost {
    const rec: Recorded = { id: `p${++this.n}`, channelId, threadId, out, edits: [] };
    this.posts.push(rec);
    return { id: rec.id, update: async (o) => void rec.edits.push(o) };
  }
}
