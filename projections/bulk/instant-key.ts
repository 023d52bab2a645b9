// The instant an ISO timestamp stands for, as PostgreSQL's timestamptz keeps it (microseconds, UTC), so a
// fold deduplicates keys holding timestamps exactly where a unique index would: `10:00:16Z`,
// `10:00:16.000Z` and `12:00:16+02:00` are one key.

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(?:Z|([+-])(\d\d):(\d\d))$/;

/** A string equal for two timestamps exactly when PostgreSQL stores the same timestamptz. */
export function instantKey(iso: string): string {
  const m = ISO.exec(iso);
  if (!m) return iso; // not a shape events carry (they are validated); compare as written
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60) : 0;
  let seconds =
    daysFromCivil(Number(y), Number(mo), Number(d)) * 86400 +
    Number(h) * 3600 +
    Number(mi) * 60 +
    Number(s) -
    offset;
  // PostgreSQL: fsec = rint(strtod(".ddd") * 1e6), rint rounding half to even.
  let micros = frac ? roundHalfEven(Number.parseFloat(frac) * 1e6) : 0;
  if (micros >= 1_000_000) {
    seconds += 1;
    micros -= 1_000_000;
  }
  return `${seconds}.${micros}`;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
