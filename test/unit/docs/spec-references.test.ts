// Every "FORMAT.md §x.y" (or "FORMAT §x.y") cited in src/, main/, renderer/ and test/ names a heading that
// docs/FORMAT.md really has, so a renumbered or imagined section fails here with its file:line. DESIGN §4.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SCANNED = ['src', 'main', 'renderer', 'test'];

/** The section numbers of docs/FORMAT.md's headings: `## 8. Error codes` is "8", `### 10.5 Verification` is "10.5". */
function formatSections(markdown: string): Set<string> {
  const sections = new Set<string>();
  for (const match of markdown.matchAll(/^#{2,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)) sections.add(match[1] as string);
  return sections;
}

/**
 * The sections one line cites: "FORMAT.md §2.4", "FORMAT §10", and the lists and ranges that follow one
 * ("§4.2 and §12", "§12.3–12.4, §13.5", "§2–§3": a range cites both its ends).
 */
function citedSections(line: string): string[] {
  const cited: string[] = [];
  const citation = /\bFORMAT(?:\.md)?\s*§\s*(\d+(?:\.\d+)*)((?:(?:\s*[–—-]\s*§?\s*|\s*(?:,|\/|\band\b|\bor\b|&)\s*§\s*)\d+(?:\.\d+)*)*)/g;
  for (const match of line.matchAll(citation)) {
    cited.push(match[1] as string);
    for (const more of (match[2] ?? '').matchAll(/\d+(?:\.\d+)*/g)) cited.push(more[0]);
  }
  return cited.map((section) => section.replace(/\.$/, ''));
}

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') yield* textFiles(path);
    } else {
      yield path;
    }
  }
}

interface Citation {
  readonly where: string;
  readonly section: string;
}

/** A module's header: its leading comment lines (after any `/// <reference>` directive). */
function moduleHeader(text: string): string[] {
  const lines = text.split('\n');
  let start = 0;
  while (lines[start]?.startsWith('///')) start++;
  const header: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('//')) break;
    header.push(line);
  }
  return header;
}

const MODULE = /\.(ts|tsx|cts|mts)$/;

function allCitations(): Citation[] {
  const found: Citation[] = [];
  for (const dir of SCANNED) {
    for (const file of textFiles(join(root, dir))) {
      const bytes = readFileSync(file);
      if (bytes.includes(0)) continue; // binary fixtures cite nothing
      bytes
        .toString('utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const section of citedSections(line)) found.push({ where: `${relative(root, file)}:${index + 1}`, section });
        });
    }
  }
  return found;
}

describe('spec references', () => {
  const sections = formatSections(readFileSync(join(root, 'docs/FORMAT.md'), 'utf8'));

  it('reads the section numbers of docs/FORMAT.md from its headings', () => {
    expect(sections).toContain('2.4');
    expect(sections).toContain('8');
    expect(sections).toContain('10.5');
    expect(sections).toContain('14.4');
    expect(sections).not.toContain('2.5');
    expect(formatSections('# Title, version 1\n## 8. Error codes\n### 10.5 Verification\n#### 10.5.1 Detail\nText 9.1 here\n')).toEqual(
      new Set(['8', '10.5', '10.5.1']),
    );
  });

  it('finds every form of citation: single, lists and ranges, with or without .md', () => {
    expect(citedSections('// Spec: docs/FORMAT.md §2.4.')).toEqual(['2.4']);
    expect(citedSections('the audit log (FORMAT §10) and the drive manifest')).toEqual(['10']);
    expect(citedSections('FORMAT.md §4.2 and §12.')).toEqual(['4.2', '12']);
    expect(citedSections('FORMAT.md §12.3–12.4, §13.5 and FORMAT §14.1')).toEqual(['12.3', '12.4', '13.5', '14.1']);
    expect(citedSections('Spec: docs/FORMAT.md §2–§3.')).toEqual(['2', '3']);
    expect(citedSections('the FORMAT.md §8 / §12.4 code')).toEqual(['8', '12.4']);
    expect(citedSections('container vector of FORMAT.md §7, and checks 2 more')).toEqual(['7']);
    expect(citedSections('RFC 9106 §4; DESIGN §4; segregation (§14.4)')).toEqual([]);
  });

  it('reads a module header as its leading comment lines', () => {
    expect(moduleHeader('/// <reference lib="dom" />\n// Purpose.\n// Spec: FORMAT.md §8.\nimport x from "y";\n// later\n')).toEqual(['// Purpose.', '// Spec: FORMAT.md §8.']);
  });

  it('has no module header citing an issue instead of a spec section', () => {
    const citingIssues: string[] = [];
    for (const dir of SCANNED) {
      for (const file of textFiles(join(root, dir))) {
        if (!MODULE.test(file)) continue;
        moduleHeader(readFileSync(file, 'utf8')).forEach((line, index) => {
          if (/\bissue\b/i.test(line)) citingIssues.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
        });
      }
    }
    expect(citingIssues).toEqual([]);
  });

  it('cites only sections docs/FORMAT.md has, in src/, main/, renderer/ and test/', () => {
    const citations = allCitations();
    expect(citations.length).toBeGreaterThan(50);
    const unknown = citations.filter(({ section }) => !sections.has(section)).map(({ where, section }) => `${where}: FORMAT.md §${section} is no heading of docs/FORMAT.md`);
    expect(unknown).toEqual([]);
  });
});
