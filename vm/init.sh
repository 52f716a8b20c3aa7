#!/bin/busybox sh
# the guest's pid 1: mounts, loads the modules the lab's devices need (in dependency order,
# listed in /ola/modules), then runs the agent with its stdio on the virtio-serial port.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs -o size=64m tmp /tmp
while read -r m; do insmod "/ola/modules/$m" 2>/dev/null; done < /ola/modules.order
port=
for p in /sys/class/virtio-ports/*; do
  [ "$(cat "$p/name" 2>/dev/null)" = "org.organic-os.agent" ] && port="/dev/${p##*/}"
done
if [ -z "$port" ]; then echo "organic-os: no agent port" > /dev/ttyS0; poweroff -f; fi
echo "organic-os: agent on $port" > /dev/ttyS0
# the port is opened here and handed over; the agent drops to nobody before it loads the host
cd /tmp
# test-only raw mode (tests/hostile/vm-raw.test.ts): payloads run as the guest's own program
if grep -q 'ola.raw=1' /proc/cmdline; then
  exec /ola/node /ola/raw-agent.mjs 0<>"$port" 1>&0 2>/dev/ttyS0
fi
# a virtio console port opens once: one read-write descriptor serves as stdin and stdout
exec /ola/node --no-node-snapshot --max-old-space-size=256 /ola/agent.mjs 0<>"$port" 1>&0 2>/dev/ttyS0
