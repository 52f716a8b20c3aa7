import { describe, expect, it } from 'vitest';
import { hasSysAdmin, socketWall } from './in-container.ts';

describe('the lab inside a container', () => {
  it('reads CAP_SYS_ADMIN from the effective capabilities', () => {
    expect(hasSysAdmin('Name:\tnode\nCapEff:\t0000000000000000\n')).toBe(false);
    expect(hasSysAdmin('CapEff:\t00000000a80425fb\n')).toBe(false); // docker's default set
    expect(hasSysAdmin('CapEff:\t000001ffffffffff\n')).toBe(true);
    expect(hasSysAdmin('CapEff:\t0000000000200000\n')).toBe(true); // bit 21 alone
    expect(hasSysAdmin('no such line\n')).toBe(false);
  });

  it('names the missing socket as a choice only in the lab image', () => {
    expect(socketWall('/var/run/docker.sock', {})).toBeUndefined();
    expect(socketWall('/var/run/docker.sock', { OLA_CONTAINER: 'organic-os/lab:cpu' })).toMatch(/no docker socket is mounted at \/var\/run\/docker.sock/);
  });
});
