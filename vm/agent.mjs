// the guest agent: as root, prepares the guest's hardware (framebuffer, tablet, the fuse
// mount) and offers it to the isolate host as device hooks; then drops to nobody and runs the
// sandbox host's stdio entry (frames of the enum protocol on its stdin and stdout, which init
// wired to the virtio-serial port).
const devices = await import('/ola/devices.mjs');
await devices.prepare();
process.setgroups?.([]);
process.setgid(65534);
process.setuid(65534);
process.argv[2] = '/ola/host.mjs';
await import('/ola/entry.mjs');
