// option parsers that refuse what is not a number, as usage errors (exit 2) naming the value.
import { InvalidArgumentError } from 'commander';

export function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a number of 0 or more.`);
  return n;
}
