import { beforeEach } from 'vitest';
import { TEST_SEED } from './seed.ts';

/** Names the seed beside each failing test of the calling file, so the failure can be replayed. */
export const printSeedOnFailure = (seed: number = TEST_SEED): void => {
  beforeEach((context) => {
    context.onTestFailed(() => {
      process.stderr.write(
        `\n"${context.task.name}" ran with TEST_SEED=${seed}; replay it with TEST_SEED=${seed} npx vitest run ${context.task.file.name}\n`,
      );
    });
  });
};
