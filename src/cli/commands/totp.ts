// `breakglass totp` (a login session: one seed for one login, codes refreshed until Ctrl-C or expiry) and
// `breakglass enroll` (AWS "Assign MFA device": paste the secret, type MFA code 1 and 2, seal the seed).

import { BreakglassError, SESSION_LENGTH_MINUTES, type EnrollmentView, type TotpSessionView } from '../../app/index.js';
import { actors, flag, requiredOption, stringOption, UNLOCK_OPTIONS, UsageError, type CommandContext, type CommandSpec } from '../command.js';
import { formatDuration, formatJson } from '../output.js';
import { openAndUnlock, readUnlockSecret } from '../unlock.js';
import { askRunSettingOnce, runOption } from './run.js';

/** The codes screen of a session; its time left in minutes and seconds, as the app shows it. */
export function renderCodes(view: TotpSessionView): string {
  const spaced = (code: string) => code.replace(/^(\d{3})(\d{3})(\d*)$/, '$1 $2$3').trim();
  return (
    `Account ${view.accountId}, device ${view.device}\n` +
    `  CURRENT  ${spaced(view.current)}   (${view.secondsLeft} s left in this ${view.period}-second window)\n` +
    `  previous ${spaced(view.previous)}   next ${spaced(view.next)}\n` +
    `  workstation UTC ${view.workstationUtc}` +
    (view.offsetSeconds !== 0 ? `, clock offset ${view.offset} → codes for ${view.codesUtc}` : '') +
    `; session ends in ${formatDuration(view.expiresInSeconds)}\n`
  );
}

/** Waits until the next second boundary of the app's clock, or until `stop` resolves. */
function tick(stop: Promise<void>): Promise<void> {
  return Promise.race([new Promise<void>((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5)), stop]);
}

/** --duration: minutes, as the app's TOTP login screen and the README give the session length. */
function durationMinutes(context: CommandContext): number | undefined {
  const text = stringOption(context, 'duration');
  if (text === undefined) return undefined;
  const { least, standard, most } = SESSION_LENGTH_MINUTES;
  const minutes = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(minutes >= least && minutes <= most)) {
    throw new UsageError(
      `--duration ${JSON.stringify(text)} is not a session length: give whole minutes from ${least} to ${most} (default ${standard}), e.g. --duration 10. ` +
        'Start another session if the sign-in needs longer.',
    );
  }
  return minutes;
}

const totp: CommandSpec = {
  name: 'totp',
  usage: 'DIR --account ID [--device NAME] [--offset +N|-N|+Ns | --trusted-time HH:MM:SS] [--duration MINUTES] [--run RUN] [--as NAMES] [--json]',
  summary: 'Sign-in codes for one root user: decrypts exactly one seed, shows previous/current/next codes, wipes it at the end.',
  details: [
    'Reads the MFA seed store passphrase or k MFA shares. The store key is wiped as soon as the one seed is out.',
    `Keeps refreshing until Ctrl-C or the session's end; with --json prints the codes once and ends.`,
    `--duration MINUTES is the session length in whole minutes, ${SESSION_LENGTH_MINUTES.least} to ${SESSION_LENGTH_MINUTES.most} (default ${SESSION_LENGTH_MINUTES.standard}), as on the app's TOTP login screen.`,
    '--offset corrects a wrong workstation clock for this session only, from a trusted clock: --offset=+2 (minutes) or --offset=-90s.',
    '--trusted-time HH:MM:SS instead takes the UTC time a trusted clock shows now (24-hour, e.g. 09:14:05) and computes the offset from it.',
    'The session belongs to --run RUN, or to the single open run for the account; a vault set that requires runs refuses without one.',
  ],
  options: {
    ...UNLOCK_OPTIONS,
    account: { type: 'string' },
    device: { type: 'string' },
    offset: { type: 'string' },
    'trusted-time': { type: 'string' },
    duration: { type: 'string' },
    run: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    const run = runOption(context);
    const device = stringOption(context, 'device');
    const trustedTime = stringOption(context, 'trusted-time');
    if (trustedTime !== undefined && stringOption(context, 'offset') !== undefined) {
      throw new UsageError('use either --offset or --trusted-time, not both');
    }
    const duration = durationMinutes(context);
    // Computed at once, against the clock of this moment (typing shares later does not change the offset).
    const trusted = trustedTime === undefined ? undefined : await context.app.trustedTimeOffset({ time: trustedTime });
    if (trusted) context.err(`${trusted.summary} Clock offset ${trusted.offset} for this session.${trusted.warning ? ` ${trusted.warning}` : ''}\n`);
    const offset = trusted ? trusted.offset : stringOption(context, 'offset');
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    await askRunSettingOnce(context);
    const secret = await readUnlockSecret(context, 'mfa-seeds');
    let view = await context.app.startTotpSession({
      accountId,
      ...(run !== undefined ? { run } : {}),
      secret,
      ...(device !== undefined ? { device } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(duration !== undefined ? { durationSeconds: duration * 60 } : {}),
      actors: actors(context),
    });
    if (view.unaudited) context.err(`Warning: ${view.unaudited.message}\n`);
    if (context.values.json) {
      context.out(formatJson(view));
      await context.app.endTotpSession();
      return;
    }
    let interrupted: () => void = () => undefined;
    const stop = new Promise<void>((resolve) => (interrupted = resolve));
    const onSignal = () => interrupted();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let stopped = false;
    void stop.then(() => (stopped = true));
    try {
      let lastWindow = '';
      for (;;) {
        const window = `${view.current}/${view.offsetSeconds}`;
        if (context.secrets.interactive || window !== lastWindow) {
          context.out(context.secrets.interactive ? `\x1b[2J\x1b[H${renderCodes(view)}Ctrl-C ends the session and wipes the seed.\n` : renderCodes(view));
          lastWindow = window;
        }
        await tick(stop);
        if (stopped) break;
        try {
          view = await context.app.getTotpCodes();
        } catch (error) {
          if (error instanceof BreakglassError && error.code === 'SESSION') {
            context.out('The session expired: the seed was wiped. Start a new one if the sign-in is not finished.\n');
            return;
          }
          throw error;
        }
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    await context.app.endTotpSession();
    context.out('Session ended: the seed was wiped.\n');
  },
};

function renderEnrollment(view: EnrollmentView): string {
  return (
    `Device ${view.serialArn} (${view.algorithm}, ${view.digits} digits, ${view.period} s)\n` +
    `  MFA code 1: ${view.mfaCode1}\n  MFA code 2: ${view.mfaCode2}\n` +
    `  (${view.secondsLeft} s left in the window of code 1)\n` +
    (view.advice ? `  ${view.advice}\n` : '')
  );
}

async function waitForFreshWindow(context: CommandContext, view: EnrollmentView): Promise<EnrollmentView> {
  if (!view.waitForFreshWindow) return view;
  context.err(`Only ${view.secondsLeft} s are left in this ${view.period}-second window: waiting ${view.secondsLeft + 1} s for a fresh one before showing the codes…\n`);
  await context.sleep((view.secondsLeft + 1) * 1000);
  return context.app.getEnrollmentCodes();
}

const enroll: CommandSpec = {
  name: 'enroll',
  usage: 'DIR --account ID --device NAME [--generate] [--offset +N] [--yes] [--as NAMES] [--json]',
  summary: 'Enroll a virtual MFA device: paste the secret AWS shows, type "MFA code 1" and "MFA code 2" into AWS, then seal the seed.',
  details: [
    'Reads the MFA seed store passphrase or k MFA shares, then the secret key (base32, or an otpauth:// URI).',
    'At a terminal it asks you to confirm that AWS accepted the codes before sealing; in a script (or with --yes) it seals at once.',
    'With fewer than 5 seconds left in the window of MFA code 1 it first waits for the next window (saying so on stderr).',
    '--generate creates the seed here instead (for an authenticator configured from our side) and shows it once.',
  ],
  options: { ...UNLOCK_OPTIONS, account: { type: 'string' }, device: { type: 'string' }, generate: { type: 'boolean' }, offset: { type: 'string' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    const device = requiredOption(context, 'device');
    const offset = stringOption(context, 'offset');
    await openAndUnlock(context, context.positionals[0] as string, 'mfa-seeds');
    const secret = flag(context, 'generate') ? undefined : await context.secrets.read('Secret key shown by AWS ("Show secret key"), or otpauth:// URI: ');
    let view = await context.app.prepareEnrollment({
      accountId,
      device,
      ...(secret !== undefined ? { secret } : { generate: true }),
      ...(offset !== undefined ? { offset } : {}),
    });
    try {
      // Codes about to expire are no use to anyone typing them into AWS: wait for the next window first.
      view = await waitForFreshWindow(context, view);
      if (context.values.json) context.out(formatJson(view));
      else {
        if (view.generated) context.out(`Generated seed (shown once): ${view.generated.base32}\notpauth URI: ${view.generated.otpauthUri}\n`);
        context.out(renderEnrollment(view));
      }
      if (context.secrets.interactive && !flag(context, 'yes')) {
        const answer = await context.secrets.ask('Type "assigned" once AWS shows the device as assigned (anything else cancels): ');
        if (answer.trim().toLowerCase() !== 'assigned') {
          await context.app.cancelEnrollment();
          context.out('Cancelled: nothing was sealed and the seed was wiped. Remove the device in AWS if it was assigned.\n');
          return;
        }
      }
      const saved = await context.app.confirmEnrollment({ actors: actors(context) });
      if (!context.values.json) context.out(`Sealed the seed of ${saved.serialArn} into the MFA seed store.\n`);
    } finally {
      await context.app.cancelEnrollment();
    }
  },
};

export const totpCommands: readonly CommandSpec[] = [totp, enroll];
