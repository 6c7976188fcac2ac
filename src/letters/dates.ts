// Dates as letters write them ("30 September 2025"), without relying on the host's locale data.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  const month = MONTHS[Number(m[2]) - 1];
  if (!month || Number(m[3]) < 1 || Number(m[3]) > 31) throw new Error(`not an ISO date: ${iso}`);
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/** Every ISO date inside a sentence, written the letter's way. */
export function longDatesIn(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => {
    try {
      return longDate(d);
    } catch {
      return d;
    }
  });
}
