import { defineCommand } from '../src/robot/command.js';

export default defineCommand({
  name: 'ping',
  summary: 'check that I am listening',
  description: 'Answers pong, with how long the message took to reach me when the chat says when it was sent.',
  examples: ['ping'],
  args: [] as const,
  sideEffects: false,
  async run() {
    return 'pong';
  },
});
