#!/usr/bin/env bash
# boots the organic-os guest by hand, as the vm runner does (ola/sandbox/vm/machine.ts qemuArgs is the
# source of truth for the runner; this script is for people). usage:
#   vm/qemu.sh <guest.cpio> [kvm|tcg]     (build the guest first: bin/ola vm build)
# the agent's virtio-serial port is the unix socket ./agent.sock, qmp is ./qmp.sock.
set -euo pipefail
initrd=${1:?usage: vm/qemu.sh <guest.cpio> [kvm|tcg]}
accel=${2:-tcg}
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
[ -f state.qcow2 ] || qemu-img create -q -f qcow2 state.qcow2 4G
exec qemu-system-x86_64 -accel "$accel" -m 1024 -smp 1 -display none -no-reboot \
  -kernel "$kernel" -initrd "$initrd" -append "console=ttyS0 quiet panic=-1" \
  -serial stdio \
  -drive if=none,id=vmstate,file=state.qcow2,format=qcow2 \
  -device virtio-serial-pci \
  -chardev socket,id=agent,path=agent.sock,server=on,wait=off \
  -device virtserialport,chardev=agent,name=org.organic-os.agent \
  -device virtio-gpu-pci -device virtio-keyboard-pci -device virtio-tablet-pci \
  -device ich9-usb-ehci1,id=ehci,addr=1d.7,multifunction=on \
  -device ich9-usb-uhci1,masterbus=ehci.0,firstport=0,addr=1d.0,multifunction=on \
  -device ich9-usb-uhci2,masterbus=ehci.0,firstport=2,addr=1d.1 \
  -device ich9-usb-uhci3,masterbus=ehci.0,firstport=4,addr=1d.2 \
  -device usb-kbd,bus=ehci.0,id=ola-kbd \
  -nic none \
  -qmp unix:qmp.sock,server=on,wait=off
