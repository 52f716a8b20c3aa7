// the guest's hardware, prepared by the agent as root before it drops privileges (devices
// opened, the fuse file system mounted), then offered to the isolate host as device hooks.
import { installHooks } from '../../device-hooks.ts';
import { fbHook, prepareFb } from './fb.ts';
import { startFuse } from './fuse-helper.ts';
import { fuseHook } from './fuse.ts';
import { prepareTablet, tabletHook } from './tablet.ts';
import { usbHook } from './usb.ts';

export async function prepare(): Promise<void> {
  prepareFb();
  prepareTablet();
  await startFuse();
  installHooks({ fb: fbHook, tablet: tabletHook, fuse: fuseHook, usb: usbHook });
}
