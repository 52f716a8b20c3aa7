// usb.probe baseline: walks the tree as lsusb would. a top-level name without ':' is a
// device (usbN or bus-port); its interfaces are the names B-P:C.I (N-0:C.I for root hub N)
// with C its active configuration; endpoints are the ep_XX folders of each interface.
export const method = 'sysfs-walk';

/** a file's value: its text without the one trailing newline, or null */
function text(sys, path) {
  const t = sys.read(path);
  if (t === null) return null;
  return t.endsWith('\n') ? t.slice(0, -1) : t;
}

const hex = (sys, path) => parseInt(text(sys, path) ?? '', 16);
const dec = (sys, path) => parseInt(text(sys, path) ?? '', 10);

const TYPES = { Control: 'control', Isoc: 'isoc', Bulk: 'bulk', Interrupt: 'interrupt' };

function endpoint(sys, dir) {
  return {
    address: hex(sys, `${dir}/bEndpointAddress`),
    type: TYPES[text(sys, `${dir}/type`)] ?? 'control',
    direction: text(sys, `${dir}/direction`) === 'in' ? 'in' : 'out',
    maxPacketSize: hex(sys, `${dir}/wMaxPacketSize`),
    interval: hex(sys, `${dir}/bInterval`),
  };
}

function iface(sys, dir) {
  return {
    number: hex(sys, `${dir}/bInterfaceNumber`),
    alternate: dec(sys, `${dir}/bAlternateSetting`),
    class: hex(sys, `${dir}/bInterfaceClass`),
    subclass: hex(sys, `${dir}/bInterfaceSubClass`),
    protocol: hex(sys, `${dir}/bInterfaceProtocol`),
    name: text(sys, `${dir}/interface`),
    endpoints: sys.list(dir).filter((e) => e.startsWith('ep_')).map((e) => endpoint(sys, `${dir}/${e}`)),
  };
}

function device(sys, names, path) {
  const bus = dec(sys, `${path}/busnum`);
  const value = dec(sys, `${path}/bConfigurationValue`);
  const prefix = `${path.startsWith('usb') ? `${bus}-0` : path}:${value}.`;
  const interfaces = names.filter((n) => n.startsWith(prefix)).map((n) => iface(sys, n));
  interfaces.sort((a, b) => a.number - b.number);
  const name = text(sys, `${path}/configuration`);
  return {
    path,
    bus,
    speed: parseFloat(text(sys, `${path}/speed`) ?? ''),
    version: (text(sys, `${path}/version`) ?? '').trim(),
    vendorId: hex(sys, `${path}/idVendor`),
    productId: hex(sys, `${path}/idProduct`),
    bcdDevice: hex(sys, `${path}/bcdDevice`),
    class: hex(sys, `${path}/bDeviceClass`),
    subclass: hex(sys, `${path}/bDeviceSubClass`),
    protocol: hex(sys, `${path}/bDeviceProtocol`),
    maxPacketSize0: dec(sys, `${path}/bMaxPacketSize0`),
    manufacturer: text(sys, `${path}/manufacturer`),
    product: text(sys, `${path}/product`),
    serial: text(sys, `${path}/serial`),
    numConfigurations: dec(sys, `${path}/bNumConfigurations`),
    config: Number.isNaN(value)
      ? null
      : {
          value,
          attributes: hex(sys, `${path}/bmAttributes`),
          maxPowerMa: dec(sys, `${path}/bMaxPower`),
          name: name ? name : null,
          interfaces,
        },
  };
}

export function probe(sys) {
  const names = sys.list('');
  return names.filter((n) => !n.includes(':')).map((n) => device(sys, names, n));
}
