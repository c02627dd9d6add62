// What the path chooser works out from a typed field: the folder it opens first, a new file's name and
// whether it fits the expected extension, the extension filter, and lines added to a one-path-a-line box.

import { describe, expect, it } from 'vitest';
import { appendLines, extensionsText, fileNameOf, firstFolder, fitsExtensions, joinPath, newFileNameProblem } from '../../../renderer/src/components/path-choice.js';

describe('firstFolder', () => {
  it('opens a folder field at the folder itself, and a file field at the folder of the file', () => {
    expect(firstFolder('/home/ana/set', 'directory')).toBe('/home/ana/set');
    expect(firstFolder('  /media/usb/scan-1.png ', 'file')).toBe('/media/usb');
    expect(firstFolder('/media/usb/', 'new-file')).toBe('/media/usb/');
    expect(firstFolder('/report.pdf', 'new-file')).toBe('/');
    expect(firstFolder('report.pdf', 'new-file')).toBe('');
    expect(firstFolder('', 'file')).toBe('');
    expect(firstFolder('   ', 'directory')).toBe('');
  });

  it('opens a one-path-a-line box at the folder of its last line', () => {
    expect(firstFolder('/scans/a/p1.png\n/scans/b/p2.png\n\n', 'files')).toBe('/scans/b');
  });
});

describe('new file names', () => {
  it('starts from the name the field already has', () => {
    expect(fileNameOf('/media/usb/report.pdf')).toBe('report.pdf');
    expect(fileNameOf('/media/usb/')).toBe('');
    expect(fileNameOf('')).toBe('');
    expect(joinPath('/media/usb', 'report.pdf')).toBe('/media/usb/report.pdf');
    expect(joinPath('/', 'report.pdf')).toBe('/report.pdf');
  });

  it('refuses an empty name, a path, a hidden name and a wrong or bare extension, in words for the dialog', () => {
    expect(newFileNameProblem('inventory.pdf', ['.pdf'])).toBeNull();
    expect(newFileNameProblem('Inventory.PDF', ['.pdf'])).toBeNull();
    expect(newFileNameProblem('anything', undefined)).toBeNull();
    expect(newFileNameProblem('  ', ['.pdf'])).toBe('Type a name for the new file.');
    expect(newFileNameProblem('..', undefined)).toBe('Type a name for the new file.');
    expect(newFileNameProblem('out/x.pdf', ['.pdf'])).toBe('Type the name only: open the folder it goes in from the list above.');
    expect(newFileNameProblem('.x.pdf', ['.pdf'])).toBe('A name that starts with a dot would hide the file: start it with a letter or digit.');
    expect(newFileNameProblem('export.kdb', ['.kdbx'])).toBe('The name must end in .kdbx (for example report.kdbx).');
    expect(newFileNameProblem('.pdf', ['.pdf'])).toBe('A name that starts with a dot would hide the file: start it with a letter or digit.');
    expect(newFileNameProblem('PDF', ['.pdf'])).toBe('The name must end in .pdf (for example report.pdf).');
    expect(newFileNameProblem('breakglass', undefined, 'folder')).toBeNull();
    expect(newFileNameProblem('', undefined, 'folder')).toBe('Type a name for the new folder.');
    expect(newFileNameProblem('.set', undefined, 'folder')).toBe('A name that starts with a dot would hide the folder: start it with a letter or digit.');
  });
});

describe('the extension filter', () => {
  it('fits names by their ending in any case; no extensions fits every file', () => {
    const scans = ['.png', '.jpg', '.jpeg', '.pdf'];
    expect(fitsExtensions('SCAN-1.JPG', scans)).toBe(true);
    expect(fitsExtensions('scan.pdf.txt', scans)).toBe(false);
    expect(fitsExtensions('notes.txt', [])).toBe(true);
    expect(fitsExtensions('notes.txt', undefined)).toBe(true);
    expect(extensionsText(scans)).toBe('.png, .jpg, .jpeg or .pdf');
    expect(extensionsText(['.kdbx'])).toBe('.kdbx');
  });
});

describe('appendLines', () => {
  it('adds each chosen path as a new line, once, and drops blank lines', () => {
    expect(appendLines('', ['/s/p1.png', '/s/p2.png'])).toBe('/s/p1.png\n/s/p2.png');
    expect(appendLines('/s/p1.png\n\n', ['/s/p2.png', '/s/p1.png'])).toBe('/s/p1.png\n/s/p2.png');
  });
});
