// When things are planned to run, asked: the scheduled jobs' listing (each job's next run, last run and result, paused
// or not), which no other reading gives. "which jobs are paused right now?", "is nightly-backup still scheduled?", « à
// quelle heure passe la tâche sauvegarde-nuit ? »: a job and its state; "what runs tonight?", « y a un truc qui tourne
// samedi soir ? »: what runs at a moment ahead (what runs now is the state's); "when does the daily report go out?",
// « quand part le rapport quotidien ? »: the report's own schedule. How a night's runs went is not read here (the
// report and the history say it). Pure.
import type { SentenceWord } from './words.js';

const JOB = new Set(['job', 'jobs', 'schedule', 'schedules', 'scheduled', 'cron', 'crons', 'tache', 'taches', 'planification', 'planifications', 'planifiee', 'planifiees', 'horaire', 'horaires', 'programme', 'programmee', 'programmees', 'programmes']);
/** A job's state or timing asked: paused, still there, when it runs next. */
const STATE = new Set(['paused', 'pause', 'still', 'scheduled', 'exist', 'exists', 'existe', 'when', 'quand', 'heure', 'time', 'next', 'prochaine', 'prochain', 'active', 'actif', 'actives', 'actifs', 'enabled', 'disabled', 'suspended', 'suspendue', 'suspendues', 'toujours']);
/** The night's runs and their outcome: the report's or the history's, not a plan. */
const OUTCOME = new Set(['fail', 'failed', 'failures', 'echec', 'echoue', 'echouees', 'went', 'go', 'reussi', 'passees', 'result', 'resultat']);
const AHEAD_EN = /\b(?:what|what's|whats|anything|something|which\s+(?:jobs?|tasks?|schedules?|crons?))\s+(?:runs?|running|is\s+running|will\s+run|is\s+scheduled|is\s+planned|are\s+(?:running|scheduled|planned))\s+(?:tonight|this\s+(?:evening|night|weekend)|tomorrow|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b/u;
const AHEAD_FR = /\b(?:qu\s+est-ce\s+qui|quoi(?:\s+qui)?|un\s+truc\s+qui|quelque\s+chose\s+qui|quelles?\s+taches?(?:\s+qui)?)\s+(?:tourne|tournent|passe|est\s+prevu|va\s+tourner)\s+(?:cette\s+nuit|ce\s+soir|demain|ce\s+week-end|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+soir|\s+matin)?)\b/u;
const REPORT_WHEN = /\b(?:when\s+(?:does|do|is|will)\s+the\s+(?:\w+\s+)?report\s+(?:go\s+out|get\s+(?:posted|sent)|run|come\s+out|post|be\s+(?:posted|sent))|quand\s+(?:part|sort|tombe|arrive|est\s+(?:envoye|poste|publie))\s+le\s+rapport|\ble\s+rapport\s+(?:\S+\s+){0,2}(?:part|sort|tombe|arrive)\s+(?:a\s+quelle\s+heure|quand)|a\s+quelle\s+heure\s+(?:part|sort|tombe|arrive)\s+le\s+rapport|what\s+time\s+(?:does|do|is|will)\s+the\s+(?:\w+\s+)?report\s+(?:go\s+out|get\s+(?:posted|sent)|run|come\s+out|post))\b/u;

const EACH_JOB_RESULT = /\b(?:last\s+)?(?:results?|outcomes?|runs?)\s+of\s+(?:each|every|all(?:\s+the)?|the)\s+(?:scheduled\s+)?(?:jobs?|schedules?|crons?)\b|\b(?:resultats?|dernier\s+passage)\s+de\s+(?:chaque|toutes\s+les)\s+taches?\b/u;
/** A question by its first word ("which jobs…", « quelles tâches… »), not a request put as one ("can you pause…"). */
const INTERROGATIVE = new Set(['which', 'what', 'when', 'is', 'are', 'whats', "what's", 'quelles', 'quelle', 'quels', 'quel', 'quand', 'est-ce', 'y', 'qu']);
export function opensOnQuestion(words: readonly SentenceWord[]): boolean {
  return INTERROGATIVE.has(words[0]?.text ?? '');
}

/** Whether the message asks when jobs run or what state they are in. */
export function asksSchedule(text: string, words: readonly SentenceWord[]): boolean {
  const joined = words.map((w) => w.text).join(' ');
  if (AHEAD_EN.test(joined) || AHEAD_FR.test(joined) || REPORT_WHEN.test(joined)) return true;
  if (!text.includes('?')) return false;
  // ("what was the last result of each scheduled job?": each job's last run, which the listing shows)
  if (EACH_JOB_RESULT.test(joined)) return true;
  if (words.some((w) => OUTCOME.has(w.text))) return false;
  const job = words.findIndex((w) => JOB.has(w.text));
  return job >= 0 && words.some((w, i) => i !== job && STATE.has(w.text));
}
