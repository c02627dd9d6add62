// The one strict reader and writer of test vectors in age's CCTV style: `key: value` header lines (an
// `expect:` outcome, `comment:` lines, the family's own keys), a blank line, then the data. docs/FORMAT.md §7.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base64 } from '@scure/base';

export interface VectorKey {
  /** Every vector of the family has this line. */
  readonly required?: boolean;
  /** The line may appear more than once (one `share:` line per share, say). */
  readonly repeatable?: boolean;
  /** The only values the key takes, when it has a closed set. */
  readonly values?: readonly string[];
}

/** What a family's vectors may say: its folder under test/vectors/, its outcomes and its header keys. */
export interface VectorFamily {
  readonly name: string;
  /** Every value an `expect:` line may hold. */
  readonly expect: readonly string[];
  /** Header keys besides `expect` (one, required) and `comment` (required, repeatable). */
  readonly keys: Readonly<Record<string, VectorKey>>;
}

export interface TestVector {
  /** The file it was read from, for messages. */
  readonly file: string;
  readonly expect: string;
  readonly comments: readonly string[];
  /** Everything after the blank line, without the file's final newline. */
  readonly data: string;
  /** Every value of a header key, in file order (none when the vector has no such line). */
  all(key: string): readonly string[];
  /** The value of a header key the vector may lack. */
  optional(key: string): string | undefined;
  /** The value of a header key the vector must have. */
  one(key: string): string;
}

/** A vector file that breaks the format: the message starts with `FILE:LINE:`. */
export class VectorFormatError extends Error {
  override readonly name = 'VectorFormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

const HEADER_LINE = /^([a-z][a-z0-9-]*): ([^\r\n]+)$/;
const BASE64_COLUMNS = 76;

/** The folder a family's vectors live in (test/vectors/NAME/), also when this module runs from dist/. */
export function vectorDir(family: VectorFamily): string {
  return fileURLToPath(new URL(`../vectors/${family.name}/`, import.meta.url)).replace('/dist/test/', '/test/');
}

function keySpec(family: VectorFamily, key: string): VectorKey | undefined {
  if (key === 'expect') return { required: true, values: family.expect };
  if (key === 'comment') return { required: true, repeatable: true };
  return Object.hasOwn(family.keys, key) ? family.keys[key] : undefined;
}

function knownKeys(family: VectorFamily): string {
  return ['expect', 'comment', ...Object.keys(family.keys)].join(', ');
}

/** Reads one vector of `family`; any departure from the format is a VectorFormatError naming the line. */
export function parseTestVector(text: string, family: VectorFamily, file: string): TestVector {
  const fail = (line: number, reason: string): never => {
    throw new VectorFormatError(file, line, reason);
  };
  if (!text.endsWith('\n')) fail(text.split('\n').length, 'the file does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const blank = lines.indexOf('');
  if (blank === -1) fail(lines.length, 'no blank line ends the header, so the vector has no data');
  if (blank === 0) fail(1, 'the header is empty: a vector starts with its "expect:" line');
  const values = new Map<string, string[]>();
  const firstLine = new Map<string, number>();
  for (const [i, line] of lines.slice(0, blank).entries()) {
    const number = i + 1;
    const match = HEADER_LINE.exec(line);
    if (!match) fail(number, `not a header line ("key: value"): ${JSON.stringify(line)}`);
    const [, key, value] = match as unknown as [string, string, string];
    const spec = keySpec(family, key);
    if (!spec) fail(number, `unknown header key "${key}" (${family.name} vectors have ${knownKeys(family)})`);
    if (firstLine.has(key) && !spec!.repeatable) fail(number, `duplicate "${key}:" line (the first is line ${firstLine.get(key)})`);
    if (spec!.values && !spec!.values.includes(value)) {
      const what = key === 'expect' ? 'unknown expect value' : `unknown "${key}:" value`;
      fail(number, `${what} "${value}" (one of: ${spec!.values.join(' | ')})`);
    }
    if (!firstLine.has(key)) firstLine.set(key, number);
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  for (const key of ['expect', 'comment', ...Object.keys(family.keys)]) {
    if (keySpec(family, key)?.required && !values.has(key)) fail(blank + 1, `the header has no "${key}:" line`);
  }
  const data = lines.slice(blank + 1).join('\n');
  if (data.trim() === '') fail(blank + 1, 'no data after the blank line that ends the header');
  function all(key: string): readonly string[] {
    if (!keySpec(family, key)) throw new TypeError(`${family.name} vectors have no "${key}:" key (${knownKeys(family)})`);
    return values.get(key) ?? [];
  }
  return {
    file,
    expect: all('expect')[0]!,
    comments: all('comment'),
    data,
    all,
    optional: (key) => all(key)[0],
    one: (key) => all(key)[0] ?? fail(blank + 1, `the header has no "${key}:" line`),
  };
}

/** Every `*.txt` vector of a family, sorted by name. */
export function readTestVectors(family: VectorFamily): { readonly name: string; readonly vector: TestVector }[] {
  const dir = vectorDir(family);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, vector: readTestVector(family, name) }));
}

/** The checked-in text of one vector of a family, by file name (`001-….txt`). */
export function readTestVectorText(family: VectorFamily, name: string): string {
  return readFileSync(join(vectorDir(family), name), 'utf8');
}

/** One vector of a family by file name, read strictly. */
export function readTestVector(family: VectorFamily, name: string): TestVector {
  return parseTestVector(readTestVectorText(family, name), family, join(vectorDir(family), name));
}

/** Writes rendered vectors (`NAME.txt`) into the family's folder: what `npm run vectors` does. */
export function writeTestVectors(family: VectorFamily, files: readonly { readonly name: string; readonly text: string }[]): void {
  const dir = vectorDir(family);
  mkdirSync(dir, { recursive: true });
  for (const { name, text } of files) writeFileSync(join(dir, `${name}.txt`), text);
  console.log(`${family.name} vectors: wrote ${files.length} to ${dir}`);
}

/** Writes a vector: the header lines in the order given, a blank line, the data and a final newline. */
export function renderTestVector(header: readonly (readonly [string, string])[], data: string): string {
  for (const [key, value] of header) {
    if (!HEADER_LINE.test(`${key}: ${value}`)) throw new TypeError(`"${key}: ${value}" cannot be one header line`);
  }
  if (data.trim() === '') throw new TypeError('a vector needs data after its header');
  return [...header.map(([key, value]) => `${key}: ${value}`), '', data].join('\n') + '\n';
}

/** Bytes as vector data: base64 wrapped at 76 columns. */
export function base64Lines(bytes: Uint8Array): string {
  const encoded = base64.encode(bytes);
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BASE64_COLUMNS) lines.push(encoded.slice(i, i + BASE64_COLUMNS));
  return lines.join('\n');
}

/** The bytes of a vector whose data is base64 (line breaks and spaces ignored). */
export function base64Data(vector: TestVector): Uint8Array {
  return base64.decode(vector.data.replace(/\s+/g, ''));
}
