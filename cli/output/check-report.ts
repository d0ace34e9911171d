import type { DeploymentCheckReport, Hop } from '../pipelines/deployment-check.ts';
import { displayText } from '../toolkit/display.ts';
import { formatTable } from '../toolkit/format-table.ts';

// What `check` prints: the reserved recipe, one row per hop with its latency, then the verdict.

const latency = (hop: Hop): string => (hop.afterMs === undefined ? '-' : `+${hop.afterMs} ms`);

export const formatCheckReport = (report: DeploymentCheckReport): string =>
  [
    displayText(
      `deployment check: event ${report.eventId} of recipe ${report.recipeUid} (reserved for this check) to ${report.webhookUrl}`,
    ),
    formatTable(
      ['hop', 'state', 'after sending', 'detail'],
      report.hops.map((hop) => [hop.hop, hop.state, latency(hop), hop.detail]),
    ),
    report.failedHop === undefined ? 'passed: the whole path works' : `FAILED at the ${report.failedHop} hop`,
  ].join('\n');
