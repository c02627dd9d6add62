// The steps most UI tests take before the part they test: open a vault set from the Welcome screen and
// unlock one store with its passphrase. One place, so a changed screen is mended once.

import type { Page } from 'playwright-core';

export type StoreName = 'password-vault' | 'mfa-seeds';

/** Waits for the app, opens the vault set at `dir` from the Welcome screen and waits until the header names it. */
export async function openVaultSet(page: Page, dir: string): Promise<void> {
  await page.getByTestId('app-ready').waitFor();
  await page.getByTestId('welcome-dir').fill(dir);
  await page.getByTestId('welcome-open').click();
  await page.getByTestId('header-vault-set').filter({ hasText: dir }).waitFor();
}

/** Unlocks `store` with its passphrase on the Unlock screen and waits for the screen to say it is done. */
export async function unlockWithPassphrase(page: Page, store: StoreName, passphrase: string): Promise<void> {
  await page.getByTestId('nav-unlock').click();
  await page.getByTestId('unlock-store-select').selectOption(store);
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock-submit').click();
  await page.getByTestId('unlock-done').waitFor();
}
