import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manualClock';
import { SignInLimiter } from './rateLimiter';

const wrong = () => Promise.resolve(null);
const right = () => Promise.resolve('account');

describe('SignInLimiter on a manual clock', () => {
  it('lets the first failures pass free, then delays the pair, doubling up to the cap, exactly as long as it says', async () => {
    const clock = new ManualClock();
    const limiter = new SignInLimiter({ freeFailures: 2, delayMs: 1_000, maxDelayMs: 4_000 }, clock);
    expect(await limiter.attempt('ana', '10.0.0.1', wrong)).toEqual({ ok: false, wrong: true });
    expect(await limiter.attempt('ana', '10.0.0.1', wrong)).toEqual({ ok: false, wrong: true });
    for (const expected of [1_000, 2_000, 4_000, 4_000]) {
      expect(await limiter.attempt('ana', '10.0.0.1', wrong)).toEqual({ ok: false, wrong: true });
      expect(await limiter.attempt('ana', '10.0.0.1', right)).toEqual({ ok: false, wrong: false, refusal: { reason: 'delay', retryAfterMs: expected } });
      // Another address is never held back by them.
      expect(await limiter.attempt('ana', '10.0.0.2', right)).toEqual({ ok: true, value: 'account' });
      clock.advance(expected - 1);
      expect(await limiter.attempt('ana', '10.0.0.1', right)).toEqual({ ok: false, wrong: false, refusal: { reason: 'delay', retryAfterMs: 1 } });
      clock.advance(1);
    }
    expect(await limiter.attempt('ana', '10.0.0.1', right)).toEqual({ ok: true, value: 'account' });
    // Success clears the pair's record: the next mistake is free again.
    expect(await limiter.attempt('ana', '10.0.0.1', wrong)).toEqual({ ok: false, wrong: true });
    expect(await limiter.attempt('ana', '10.0.0.1', right)).toEqual({ ok: true, value: 'account' });
  });

  it('counts an address’s failures within the window only', async () => {
    const clock = new ManualClock();
    const limiter = new SignInLimiter({ perIp: 3, windowMs: 60_000 }, clock);
    for (const account of ['a', 'b', 'c']) expect(await limiter.attempt(account, '10.0.0.9', wrong)).toEqual({ ok: false, wrong: true });
    clock.advance(10_000);
    expect(limiter.addressRefusal('10.0.0.9')).toEqual({ reason: 'budget', retryAfterMs: 50_000 });
    expect(await limiter.attempt('d', '10.0.0.9', right)).toMatchObject({ ok: false, refusal: { reason: 'budget' } });
    expect(limiter.addressRefusal('10.0.0.8')).toBeNull();
    clock.advance(50_000);
    expect(limiter.addressRefusal('10.0.0.9')).toBeNull();
    expect(await limiter.attempt('d', '10.0.0.9', right)).toEqual({ ok: true, value: 'account' });
  });
});
