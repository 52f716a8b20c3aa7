// the guest agent: drops to nobody, then runs the sandbox host's stdio entry (frames of the
// enum protocol on its stdin and stdout, which init wired to the virtio-serial port).
process.setgroups?.([]);
process.setgid(65534);
process.setuid(65534);
process.argv[2] = '/ola/host.mjs';
await import('/ola/entry.mjs');
