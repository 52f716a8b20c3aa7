// what probe() returns (see interface.d.ts), and the device list a scenario expects.
import type { EndpointDesc } from './devices.ts';
import { varyingFields, type PlacedDevice } from './layout.ts';

export type EndpointType = 'control' | 'isoc' | 'bulk' | 'interrupt';
export const ENDPOINT_TYPES: readonly EndpointType[] = ['control', 'isoc', 'bulk', 'interrupt'];

export interface UsbEndpoint {
  address: number;
  type: EndpointType;
  direction: 'in' | 'out';
  maxPacketSize: number;
  interval: number;
}

export interface UsbInterface {
  number: number;
  alternate: number;
  class: number;
  subclass: number;
  protocol: number;
  name: string | null;
  endpoints: UsbEndpoint[];
}

export interface UsbConfig {
  value: number;
  attributes: number;
  maxPowerMa: number;
  name: string | null;
  interfaces: UsbInterface[];
}

export interface UsbDevice {
  path: string;
  bus: number;
  /** Mbit/s: 1.5, 12, 480, 5000 ... */
  speed: number;
  /** bcdUSB as linux prints it, trimmed: '2.00', '1.10' */
  version: string;
  vendorId: number;
  productId: number;
  bcdDevice: number;
  class: number;
  subclass: number;
  protocol: number;
  maxPacketSize0: number;
  manufacturer: string | null;
  product: string | null;
  serial: string | null;
  numConfigurations: number;
  config: UsbConfig | null;
}

/** device fields the judge compares one by one (config fields as config.*) */
export const DEVICE_FIELDS = [
  'bus', 'speed', 'version', 'vendorId', 'productId', 'bcdDevice', 'class', 'subclass', 'protocol',
  'maxPacketSize0', 'manufacturer', 'product', 'serial', 'numConfigurations',
] as const;
export const CONFIG_FIELDS = ['value', 'attributes', 'maxPowerMa', 'name'] as const;

export interface ExpectedDevice {
  device: UsbDevice;
  /** fields not scored: they differ between guests */
  varying: string[];
}

function endpoint(e: EndpointDesc): UsbEndpoint {
  return { address: e.address, type: ENDPOINT_TYPES[e.attributes & 3]!, direction: e.address & 0x80 ? 'in' : 'out', maxPacketSize: e.maxPacketSize, interval: e.interval };
}

export function expectedDevice(d: PlacedDevice): ExpectedDevice {
  const x = d.desc;
  const c = x.config;
  const device: UsbDevice = {
    path: d.path,
    bus: d.bus,
    speed: Number(d.speed),
    version: `${(x.bcdUsb >> 8).toString(16)}.${(x.bcdUsb & 0xff).toString(16).padStart(2, '0')}`,
    vendorId: x.vendorId,
    productId: x.productId,
    bcdDevice: x.bcdDevice,
    class: x.class,
    subclass: x.subclass,
    protocol: x.protocol,
    maxPacketSize0: x.maxPacketSize0,
    manufacturer: x.manufacturer,
    product: x.product,
    serial: d.serial,
    numConfigurations: x.numConfigurations,
    config: {
      value: c.value,
      attributes: c.attributes,
      maxPowerMa: c.maxPowerMa,
      name: c.name,
      interfaces: c.interfaces.map((i) => ({ ...i, endpoints: i.endpoints.map(endpoint) })),
    },
  };
  return { device, varying: varyingFields(d) };
}
