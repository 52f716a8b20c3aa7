// niche `usb.probe`: list the usb devices a linux machine shows in /sys/bus/usb/devices.
// the module is fresh for every scenario; probe(sys) is called once and returns the list.
// `sys` reads a tree of text files under /sys/bus/usb/devices (paths are relative to it):
// a synthetic copy below the vm stage, the guest's real files at the vm stage. the machine
// is a qemu guest: an ehci controller (bus 1) with three uhci companions (buses 2-4), a
// keyboard on port 1, and 1-4 more devices (keyboards, mice, tablets, storage, serial,
// network, and kinds you will not see in public scenarios) with random serial strings.
//
// the tree, as linux lays it out:
//   usbN/                 a root hub (bus N); its interface is N-0:1.0
//   B-P/                  a device on bus B, port P (e.g. 1-3, 4-1)
//   B-P:C.I/              interface I of the device's active configuration C (e.g. 1-3:1.0)
//   <device>/ep_00/, <interface>/ep_XX/   endpoints, XX = bEndpointAddress in hex
// device files: idVendor idProduct bcdDevice (4 hex digits), bDeviceClass bDeviceSubClass
//   bDeviceProtocol (2 hex), bMaxPacketSize0 bNumConfigurations bConfigurationValue busnum
//   maxchild (decimal), bNumInterfaces (decimal, padded to 2 with a space), bmAttributes
//   (hex, padded to 2 with a space), bMaxPower ("100mA"), speed ("480", "12", "1.5"),
//   version (bcdUSB, " 2.00"), devpath, configuration (its name; empty when it has none),
//   manufacturer product serial (strings).
// interface files: bInterfaceNumber bInterfaceClass bInterfaceSubClass bInterfaceProtocol
//   bNumEndpoints (2 hex), bAlternateSetting (decimal, padded to 2), interface (its name,
//   only when it has one).
// endpoint files: bEndpointAddress bmAttributes bInterval bLength (2 hex), wMaxPacketSize
//   (4 hex), type ("Control", "Isoc", "Bulk", "Interrupt"), direction ("in", "out",
//   "both"), interval ("8ms", "125us").
// every file's text ends in one "\n", which is not part of the value; strings may begin or
// end with spaces and are kept as they are. a missing file reads as null. listings are
// sorted; a directory may hold entries not named here (the real tree at vm holds many):
// skip what you do not know.
//
// judged (host side, against the devices the scenario plugged), devices matched by path:
//   device_recall       expected devices reported / expected (root hubs and the fixed keyboard count)
//   device_precision    reported devices that match an expected path / reported
//   field_accuracy      right device and config fields / all of them (a missing device: all wrong);
//                       the fixed keyboard's serial and the root hubs' manufacturer and
//                       bcdDevice name the guest's build and are not scored
//   interface_accuracy  interfaces (by number) with every field right / expected plus extra
//   endpoint_accuracy   endpoints (by address, ep 0 left out) with every field right / expected plus extra
//   probe_accuracy      the mean of the five: the headline and the utility (higher is better)
//   exact_rate          scenarios where all five are 1
// the gate (isolate to vm) needs recall and precision 1, field_accuracy >= 0.95, interface
// and endpoint accuracy >= 0.9, no run failing. a result of the wrong shape fails the run,
// naming the field.

/** read-only; a path that is not a string lists nothing and reads null */
export interface Sysfs {
  /** entry names of a directory ('' is /sys/bus/usb/devices itself), sorted; [] when there is none */
  list(dir: string): string[];
  /** a file's text, or null */
  read(path: string): string | null;
}

export interface UsbEndpoint {
  address: number; // bEndpointAddress, e.g. 0x81
  type: 'control' | 'isoc' | 'bulk' | 'interrupt';
  direction: 'in' | 'out';
  maxPacketSize: number; // wMaxPacketSize
  interval: number; // bInterval, as in the descriptor
}

export interface UsbInterface {
  number: number; // bInterfaceNumber
  alternate: number; // bAlternateSetting
  class: number;
  subclass: number;
  protocol: number;
  name: string | null; // the `interface` file, null when absent
  endpoints: UsbEndpoint[]; // its ep_XX folders
}

export interface UsbConfig {
  value: number; // bConfigurationValue
  attributes: number; // bmAttributes, e.g. 0xa0
  maxPowerMa: number; // bMaxPower in mA
  name: string | null; // the `configuration` file, null when empty
  interfaces: UsbInterface[];
}

export interface UsbDevice {
  path: string; // the directory name: 'usb1', '1-3'
  bus: number; // busnum
  speed: number; // Mbit/s: 480, 12, 1.5
  version: string; // bcdUSB as in `version`, trimmed: '2.00'
  vendorId: number; // idVendor, e.g. 0x46f4
  productId: number;
  bcdDevice: number; // e.g. 0x0601
  class: number; // bDeviceClass
  subclass: number;
  protocol: number;
  maxPacketSize0: number;
  manufacturer: string | null; // null when the file is absent
  product: string | null;
  serial: string | null;
  numConfigurations: number;
  config: UsbConfig | null; // the active configuration
}

/** required: every usb device in the tree, root hubs included, in any order (at most 64) */
export function probe(sys: Sysfs): UsbDevice[];

/** optional: a short name for the method */
export const method: string;
