// The air-gap banner's states: red for an interface nobody acknowledged, amber for acknowledged ones only,
// and a fresh start once the workstation is offline again.

import { describe, expect, it } from 'vitest';
import { airGapState, keptAcknowledgement } from '../../../renderer/src/components/network-ack.js';

describe('airGapState', () => {
  it('is offline with no interface up, whatever was acknowledged', () => {
    expect(airGapState([], new Set(['eth0']))).toBe('offline');
  });

  it('is red until every interface up is acknowledged', () => {
    expect(airGapState(['eth0'], new Set())).toBe('online');
    expect(airGapState(['eth0'], new Set(['eth0']))).toBe('acknowledged');
    expect(airGapState(['eth0', 'wlan0'], new Set(['eth0']))).toBe('online');
    expect(airGapState(['eth0'], new Set(['eth0', 'wlan0']))).toBe('acknowledged');
  });
});

describe('keptAcknowledgement', () => {
  it('keeps the names while anything is up and forgets them once offline', () => {
    const acknowledged = new Set(['eth0']);
    expect(keptAcknowledgement(['wlan0'], acknowledged)).toBe(acknowledged);
    expect([...keptAcknowledgement([], acknowledged)]).toEqual([]);
  });
});
