import { describe, expect, it } from 'vitest';
import { checkDeliveryBody, newUuidV7 } from '../../../cli/pipelines/check-delivery.ts';
import { parseRecipeStatusEvent } from '../../../lambda/contract/event-schema.ts';
import { uuidV7Millis } from '../../../lambda/records/ordering.ts';

describe('the deployment check delivery', () => {
  it('writes a UUIDv7 as RFC 9562 Appendix A.6 does', () => {
    // The RFC's example: unix_ts_ms 0x017F22E279B0, rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    const random = Buffer.from('0cc398c4dc0c0c07398f', 'hex');

    expect(newUuidV7(0x017f22e279b0, random)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
  });

  it('is an event of the contract, for the reserved recipe, ordered by its id’s time', () => {
    const id = newUuidV7(Date.UTC(2026, 11, 5, 6, 0, 0));
    const event = {
      version: '0',
      id: 'eb-1',
      'detail-type': 'Device.ProvisioningRecipeStatusUpdated',
      source: 'signageos',
      account: '123456789012',
      time: '2026-12-05T06:00:00Z',
      region: 'eu-central-1',
      resources: [],
      detail: JSON.parse(checkDeliveryBody(id)),
    };

    const parsed = parseRecipeStatusEvent(event);

    expect(parsed.success).toBe(true);
    expect(uuidV7Millis(id)).toBe(Date.UTC(2026, 11, 5, 6, 0, 0));
    expect(event.detail.payload).toMatchObject({ uid: 'recipe-status-deployment-check', status: 'Applied' });
  });
});
