// USB hot-plug events (the `usb` package) that trigger a drive re-scan — guarded: where /sys/bus/usb is
// absent `usb@3` would crash the process with an unhandled rejection, so it is never loaded there and the
// custodian uses "Rescan". DESIGN §5.

import { existsSync } from 'node:fs';

export interface HotplugWatch {
  readonly active: boolean;
  readonly reason?: string;
  stop(): void;
}

/** usb@3 exports a WebUSB object (connect/disconnect); older releases an emitter (attach/detach). */
interface UsbEmitter {
  addEventListener?(event: 'connect' | 'disconnect', listener: () => void): unknown;
  removeEventListener?(event: 'connect' | 'disconnect', listener: () => void): unknown;
  on?(event: 'attach' | 'detach', listener: () => void): unknown;
  off?(event: 'attach' | 'detach', listener: () => void): unknown;
}

export interface HotplugOptions {
  /** Loads the usb module; injected by tests. */
  readonly loadUsb?: () => Promise<{ usb: UsbEmitter }>;
  readonly sysBusUsb?: string;
  readonly debounceMs?: number;
}

const inactive = (reason: string): HotplugWatch => ({ active: false, reason, stop: () => undefined });

/** Calls `onChange` (debounced) when a USB device is attached or detached; never throws. */
export async function watchUsbHotplug(onChange: () => void, options: HotplugOptions = {}): Promise<HotplugWatch> {
  const sysBusUsb = options.sysBusUsb ?? '/sys/bus/usb';
  if (!existsSync(sysBusUsb)) return inactive(`no ${sysBusUsb} on this system: use Rescan after plugging a drive in`);
  let emitter: UsbEmitter;
  try {
    const load = options.loadUsb ?? (async () => (await import('usb')) as unknown as { usb: UsbEmitter });
    const loading = load();
    loading.catch(() => undefined);
    emitter = (await loading).usb;
    if (!emitter || (typeof emitter.addEventListener !== 'function' && typeof emitter.on !== 'function')) {
      return inactive('the usb module has no device events: use Rescan');
    }
  } catch (error) {
    return inactive(`USB events are unavailable (${(error as Error).message.split('\n')[0]}): use Rescan`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listener = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      try {
        onChange();
      } catch {
        // a failed re-scan must not take the process down; the next event or Rescan retries
      }
    }, options.debounceMs ?? 500);
    timer.unref?.();
  };
  try {
    if (typeof emitter.addEventListener === 'function') {
      emitter.addEventListener('connect', listener);
      emitter.addEventListener('disconnect', listener);
    } else {
      emitter.on?.('attach', listener);
      emitter.on?.('detach', listener);
    }
  } catch (error) {
    return inactive(`USB events could not be watched (${(error as Error).message}): use Rescan`);
  }
  return {
    active: true,
    stop() {
      if (timer) clearTimeout(timer);
      if (typeof emitter.removeEventListener === 'function') {
        emitter.removeEventListener('connect', listener);
        emitter.removeEventListener('disconnect', listener);
      } else {
        emitter.off?.('attach', listener);
        emitter.off?.('detach', listener);
      }
    },
  };
}
