import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { watchUsbHotplug } from '../../../src/drives/usb-hotplug.js';

function fakeWebUsb() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    usb: {
      addEventListener: (event: string, listener: () => void) => void (listeners.get(event) ?? listeners.set(event, new Set()).get(event)!).add(listener),
      removeEventListener: (event: string, listener: () => void) => void listeners.get(event)?.delete(listener),
    },
    emit: (event: string) => listeners.get(event)?.forEach((l) => l()),
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

describe('usb-hotplug', () => {
  it('never loads usb where /sys/bus/usb is absent, and says to use Rescan', async () => {
    const loadUsb = vi.fn();
    const watch = await watchUsbHotplug(() => undefined, { sysBusUsb: '/nonexistent/sys/bus/usb', loadUsb });
    expect(watch).toMatchObject({ active: false, reason: expect.stringMatching(/use Rescan/) });
    expect(loadUsb).not.toHaveBeenCalled();
  });

  it('keeps the process running when loading usb rejects (no unhandled rejection)', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const watch = await watchUsbHotplug(() => undefined, { sysBusUsb: tmpdir(), loadUsb: () => Promise.reject(new Error('LIBUSB_ERROR_OTHER')) });
      expect(watch).toMatchObject({ active: false, reason: expect.stringMatching(/LIBUSB_ERROR_OTHER.*use Rescan/) });
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('re-scans once per burst of connect/disconnect events and detaches on stop', async () => {
    const fake = fakeWebUsb();
    const onChange = vi.fn();
    const watch = await watchUsbHotplug(onChange, { sysBusUsb: mkdtempSync(`${tmpdir()}/usb-`), loadUsb: async () => fake, debounceMs: 10 });
    expect(watch.active).toBe(true);
    fake.emit('connect');
    fake.emit('disconnect');
    fake.emit('connect');
    await new Promise((r) => setTimeout(r, 40));
    expect(onChange).toHaveBeenCalledTimes(1);
    watch.stop();
    expect(fake.count()).toBe(0);
  });

  it('supports the older attach/detach emitter too', async () => {
    const listeners: string[] = [];
    const watch = await watchUsbHotplug(() => undefined, {
      sysBusUsb: tmpdir(),
      loadUsb: async () => ({ usb: { on: (event: 'attach' | 'detach') => void listeners.push(event), off: () => undefined } }),
    });
    expect(watch.active).toBe(true);
    expect(listeners).toEqual(['attach', 'detach']);
  });
});
