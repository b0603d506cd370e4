/**
 * vitest globalSetup of the browser tests: one Chromium for the whole run, which each test file
 * reaches over Playwright's protocol (harness.ts launchChromium). Starting and stopping Chromium
 * per file cost some 2.5 s a file on a busy 2-core machine; the files keep their isolation
 * through their own browser contexts (own storage, own pages), which they had already.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's shared Chromium listens; absent when it could not start. */
    chromiumEndpoint?: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Without Chromium, each file's own launch fails with the message on how to install it.
  if (!existsSync(CHROMIUM_PATH)) return async () => undefined;
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
