import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineSecretSource, terminalSecretSource } from '../../../src/cli/secret-input.js';

function fakeTerminal() {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(mode: boolean): void; raw: boolean[] };
  input.isTTY = true;
  input.raw = [];
  input.setRawMode = (mode: boolean) => void input.raw.push(mode);
  let shown = '';
  const prompts = new PassThrough();
  prompts.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { input, prompts, shown: () => shown };
}

describe('secret-input', () => {
  it('reads a secret in raw mode without echoing it, honouring Backspace', async () => {
    const { input, prompts, shown } = fakeTerminal();
    const source = terminalSecretSource(input, prompts);
    const pending = source.read('Passphrase: ');
    input.write('hunter22\u007f2 secret');
    input.write('\r');
    expect(await pending).toBe('hunter22 secret');
    await new Promise((r) => setImmediate(r));
    expect(shown()).toBe('Passphrase: \n');
    expect(input.raw).toEqual([true, false]);
    expect(source.interactive).toBe(true);
  });

  it('cancels on Ctrl-C with CANCELLED and leaves raw mode', async () => {
    const { input, prompts } = fakeTerminal();
    const pending = terminalSecretSource(input, prompts).read('Passphrase: ');
    input.write('abc\u0003');
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(input.raw.at(-1)).toBe(false);
  });

  it('echoes visible answers to confirmations', async () => {
    const { input, prompts, shown } = fakeTerminal();
    const pending = terminalSecretSource(input, prompts).ask('Type yes: ');
    input.write('yes\n');
    expect(await pending).toBe('yes');
    await new Promise((r) => setImmediate(r));
    expect(shown()).toBe('Type yes: yes\n');
  });

  it('reads one secret per stdin line, strips CR, and says which line was missing', async () => {
    const stdin = new PassThrough();
    stdin.end('first secret\r\nsecond secret\n');
    const source = lineSecretSource(stdin);
    expect(source.interactive).toBe(false);
    expect(await source.read('One: ')).toBe('first secret');
    expect(await source.read('Two: ')).toBe('second secret');
    await expect(source.read('Passphrase for the MFA seed store: ')).rejects.toThrow(/before passphrase for the mfa seed store \(line 3\)/);
  });
});
