// Requests that sound like a command but ask for something Summoner does not do: an account's password or login
// ("reset my mattermost password", « réinitialise mon mot de passe mattermost ») is the app's own business, never
// an update, restore or restart of it; a partial restore ("restore just one table of nextcloud", « restaure
// juste une table de nextcloud », "only the deleted board") is not what `restore` does (it puts the whole app
// back); copies of a backup are no scaling ("make 2 copies of the wekan backup"); a merge request or a commit is
// git's to revert ("revert MR !482"), no rollback: each is said, and nothing is
// proposed. Pure.
import type { Lang } from './words.js';

/** An account's credentials ("password", « mot de passe », "2FA"): what a password reset is about. */
const CREDENTIAL = String.raw`(?:passwords?|passwd|pwd|passphrase|2fa|mfa|two[- ]factor|mots?\s+de\s+passe|mdp|identifiants?|code\s+d['’]\s*acc[eè]s)`;
/** Asked for: reset, changed, forgotten (« réinitialiser », « changer », « oublié »), or one's own ("my password", « mon mot de passe »). */
const ACCOUNT = new RegExp(String.raw`\b(?:(?:reset|resets|resetting|change|changing|forgot|forgotten|recover|unlock|lost|r[ée]initialis\p{L}*|r[ée]init|chang\p{L}*|oubli\p{L}*|perdu|r[ée]cup[ée]r\p{L}*|d[ée]bloqu\p{L}*|modifi\p{L}*)\b.*\b${CREDENTIAL}|\b${CREDENTIAL}\b.*\b(?:reset|change|changed|forgot|forgotten|lost|r[ée]initialis\p{L}*|chang\p{L}*|oubli\p{L}*|perdu)|\b(?:my|mon|ma|mes|our|notre|nos)\s+(?:[\p{L}-]+\s+)?${CREDENTIAL})\b`, 'iu');
/** A piece of an app's data (a table, a file, a board…), as restore would be asked for it. */
const PIECE = String.raw`(?:tables?|rows?|records?|files?|folders?|director(?:y|ies)|boards?|cards?|posts?|pages?|articles?|users?|accounts?|channels?|messages?|documents?|attachments?|repos?|repositor(?:y|ies)|projects?|issues?|lignes?|fichiers?|dossiers?|r[ée]pertoires?|tableaux?|cartes?|utilisateurs?|comptes?|canaux|canal|d[ée]p[ôo]ts?|projets?|pi[èe]ces?\s+jointes?|enregistrements?|albums?|photos?|pictures?|images?|spreadsheets?|sheets?|tableurs?|docs?|notes?|contacts?|videos?|vid[ée]os?|e-?mails?|courriels?|pdfs?|comments?|commentaires?|threads?|conversations?|discussions?)`;
/** "just one table", "only the users table", "a single file", « juste une table », « un seul fichier », « seulement le tableau » ("every single card" is all of them). */
const PARTIAL = new RegExp(String.raw`\b(?:(?:just|only|juste|seulement|uniquement)\s+(?:(?:one|a|an|the|my|our|that|this|single|1|une?|la|le|les|l['’]|mon|ma|mes|notre|nos|ce|cette|ces|seule?)\s+){0,2}(?:[\p{L}-]+\s+)?${PIECE}|(?:one|a\s+single|(?<!\bevery\s+)single|un\s+seul|une\s+seule|(?:le|la|l['’])\s*seule?)\s+(?:[\p{L}-]+\s+)?${PIECE})\b`, 'iu');
/** A piece the speaker lost: deleted, archived, overwritten by them ("I deleted a file", "the pdf I deleted", « la carte,
 * je l'ai archivée », "my messages … back"), or the comments, the posts "just" of a thing. */
const PIECE_LOST = new RegExp(String.raw`\b(?:(?:i|we|j['’]\s*ai|je\s+l['’]\s*ai|on\s+a|nous\s+avons)\s+(?:\S+\s+){0,2}(?:deleted|removed|archived|lost|trashed|overwrote|supprim\p{L}*|effac\p{L}*|archiv\p{L}*|perdu|[ée]cras\p{L}*)\s+(?:\S+\s+){0,4}${PIECE}|${PIECE}\s+(?:\S+\s+){0,3}(?:i|we|j['’]\s*ai|je\s+l['’]\s*ai|on\s+a)\s+(?:\S+\s+){0,2}(?:deleted|removed|archived|lost|trashed|supprim\p{L}*|effac\p{L}*|archiv\p{L}*|perdu)|\b(?:my|mes|mon|ma)\s+(?:\S+\s+){0,2}${PIECE}\s+back|\bjust\s+the\s+(?:\S+\s+){0,2}${PIECE}|\bla\s+carte\b[^.!?]*\bje\s+l['’]\s*ai\b)`, 'iu');
/** A backup, a day to go back to, or the app as it was, named beside a lost piece. */
const WHOLE_NAMED = /\b(?:backups?|copy|snapshots?|sauvegardes?|copies?|version)\b|\b(?:from|to)\s+(?:the\s+)?(?:yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|last|this|\d)|['’]s\s+(?:backup|copy|state)|\b(?:as\s+it\s+was|comme\s+(?:il|elle)\s+[ée]tait|comme\s+avant)\b|\bd['’]\s*(?:hier|avant-hier)\b|\b(?:de|du|au)\s+(?:hier|avant-hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b/iu;
/** Words that name the backup the restore comes from ("from the backup file", « le fichier de sauvegarde »): no piece. */
const BACKUP_FILE = /\b(?:backup|archive|dump|snapshot)\s+files?\b|\bfichiers?\s+(?:de\s+)?(?:sauvegarde|backup|archive|dump)\b/iu;

/** A backup named ("the wekan backup", « la sauvegarde »): copies of it are copies of a file, not running instances. */
const BACKUP_NAMED = /\b(?:backups?|sauvegardes?|dumps?|snapshots?|archives?)\b/iu;

/** A merge request, a pull request, a commit undone, as git does: "revert MR !482", « annule la MR 12 », "roll back PR #31". */
const GIT_CHANGE = /\b(?:revert|reverts|reverting|undo|roll\s*back|rollback|annule|annuler|d[ée]fais|d[ée]faire)\s+(?:the\s+|this\s+|that\s+|my\s+|our\s+|la\s+|le\s+|cette\s+|ce\s+|ma\s+|mon\s+)?(?:MR|PR|merge\s+request|pull\s+request|commit|merge)\b/iu;

/**
 * Backups moved or copied somewhere else ("move the old nextcloud backups to the NAS", « déplace les vieilles sauvegardes
 * de nextcloud sur le NAS », "copy the dumps to another disk"): the old backups are named, but what is asked is a
 * transfer, never their deletion.
 */
const MOVED_AWAY = /\b(?:move|moving|copy|copying|transfer|transferring|ship|push|sync|offload|d[ée]place[rz]?|d[ée]placez|bouge[rz]?|copie[rz]?|transf[èée]re[rz]?|envoie[rz]?|synchronise[rz]?|pousse[rz]?)\b[^.!?]*\b(?:backups?|sauvegardes?|dumps?|snapshots?|archives?|copies)\b[^.!?]*\b(?:to|onto|into|on|sur|vers|dans|sous)\s+(?:the\s+|a\s+|an\s+|another\s+|our\s+|le\s+|la\s+|l['’]\s*|un\s+|une\s+|notre\s+|un\s+autre\s+|une\s+autre\s+)?(?:nas|s3|bucket|disk|disque|drive|server|serveur|machine|host|usb|cloud|off-?site|hors-site|bande|tape|remote|distant|external|externe|storage|stockage)\b/iu;

export type NotOurs = 'account' | 'partial' | 'backup-copies' | 'git' | 'moved';

/** Why the command read from `text` is not what it asks for, when it is not. */
export function notOurs(text: string, command: string, sideEffects: boolean, appAsked?: (text: string) => boolean): NotOurs | undefined {
  if (sideEffects && ACCOUNT.test(text)) return 'account';
  // (a rollback too, read on "get … back": "can we get just that album back?")
  // ("can you bring back the one spreadsheet I deleted": summon's "bring back" asked of a piece too)
  if ((command === 'restore' || command === 'rollback' || command === 'summon') && PARTIAL.test(text.replace(BACKUP_FILE, ' '))) return 'partial';
  // ("I deleted a file in nextcloud yesterday, can you get it back?", "bring back the wekan card I archived", « remets-moi
  // la carte « Budget », je l'ai archivée »: a piece the speaker lost, asked back, unless the whole app is asked for by
  // its verb and name, "… please restore nextcloud from yesterday")
  // (nor when a backup, a day to go back to or the app as it was is named: the piece is the reason, « remettez la
  // sauvegarde de ghost d'avant-hier », "bring back monday's copy", "restore it to yesterday")
  if ((command === 'restore' || command === 'rollback' || command === 'summon') && PIECE_LOST.test(text.replace(BACKUP_FILE, ' ')) && !(appAsked?.(text) ?? false) && !WHOLE_NAMED.test(text)) return 'partial';
  // ("can someone revert MR !482 on the static site repo?": a change in a repository is git's, no rollback of the app)
  if (sideEffects && GIT_CHANGE.test(text)) return 'git';
  // ("move the old nextcloud backups to the NAS": prune read from "old backups", but they are to go elsewhere)
  if (command === 'prune' && MOVED_AWAY.test(text)) return 'moved';
  // "make 2 copies of the wekan backup": scale read from "copies", but what is copied is a backup
  if (command === 'scale' && BACKUP_NAMED.test(text)) return 'backup-copies';
  return undefined;
}

export function notOursSaid(why: NotOurs, lang: Lang): string {
  if (why === 'moved') return lang === 'fr' ? `je ne déplace pas les sauvegardes : les copies hors site se règlent dans la configuration (\`help backup\`), et \`prune <app>\` supprimerait les anciennes. Je ne lance rien.` : `I don't move backups: off-site copies are set in the configuration (\`help backup\`), and \`prune <app>\` would delete the old ones. I run nothing.`;
  if (why === 'git') return lang === 'fr' ? `une MR, une PR ou un commit se défont dans le dépôt (git revert), pas par moi : \`rollback <app>\` remet l'app comme avant sa dernière mise à jour. Je ne lance rien.` : `a merge request, a pull request or a commit is undone in its repository (git revert), not by me: \`rollback <app>\` puts an app back as it was before its last update. I run nothing.`;
  if (why === 'account') return lang === 'fr' ? `je ne gère pas les comptes ni les mots de passe des applications : c'est dans l'application elle-même (son administration). Je ne lance rien.` : `I don't manage the apps' accounts or passwords: that is done in the app itself (its admin settings). I run nothing.`;
  if (why === 'backup-copies') return lang === 'fr' ? `des copies d'une sauvegarde ne sont pas des instances de l'application : \`scale <app> <n>\` lance plus d'instances, \`backup <app>\` fait une sauvegarde. Je ne lance rien.` : `copies of a backup are not instances of the app: \`scale <app> <n>\` runs more instances, \`backup <app>\` takes a backup. I run nothing.`;
  return lang === 'fr' ? `\`restore\` remet toute l'application (toutes ses données) à une sauvegarde, pas une partie seulement. Je ne lance rien : dites \`restore <app> <date>\` si c'est bien toute l'application que vous voulez remettre.` : `\`restore\` puts the whole app (all its data) back to a backup, not just a part of it. I run nothing: say \`restore <app> <date>\` if the whole app is what you want back.`;
}
