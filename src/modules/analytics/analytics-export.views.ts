import { minorUnitsPerMajor } from '../../common/time/format.js';
import { asciiFilename, toCsv, type CsvCell } from '../../common/views/csv.js';
import { ReportTable, type ReportTableData } from './analytics-reports.types.js';

/**
 * The CSV of each /analytics table: plain figures a spreadsheet can add up (money in major units with the
 * currency in the header, rates as fractions, dates as YYYY-MM-DD), text escaped by toCsv.
 */

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

function money(minor: number, currency: string): number {
  const per = minorUnitsPerMajor(currency);
  return Math.round(minor) / per;
}

function tableOf(data: ReportTableData): { header: string[]; rows: CsvCell[][] } {
  const currency = data.currency;
  switch (data.table) {
    case ReportTable.Revenue:
      return {
        header: [
          'Start',
          'End',
          `Revenue (${currency})`,
          'Previous start',
          'Previous end',
          `Previous revenue (${currency})`,
          'Change',
        ],
        rows: data.revenue.points.map((p) => [
          p.start,
          p.end,
          money(p.revenueMinor, currency),
          p.previousStart,
          p.previousEnd,
          money(p.previousRevenueMinor, currency),
          p.change,
        ]),
      };
    case ReportTable.Sessions:
      return {
        header: [
          'Start',
          'End',
          'Completed',
          'Cancelled',
          'Late cancelled',
          'No-shows',
          'Completion rate',
          'Cancellation rate',
          'Late cancellation rate',
          'No-show rate',
        ],
        rows: data.sessions.points.map((p) => [
          p.start,
          p.end,
          p.completed,
          p.cancelled,
          p.lateCancelled,
          p.noShows,
          p.completionRate,
          p.cancellationRate,
          p.lateCancellationRate,
          p.noShowRate,
        ]),
      };
    case ReportTable.Retention:
      return {
        header: ['Month', 'Start', 'End', 'Active clients', 'New clients', 'Returning clients', 'Lost clients'],
        rows: data.retention.months.map((m) => [
          m.month,
          m.start,
          m.end,
          m.activeClients,
          m.newClients,
          m.returningClients,
          m.lostClients,
        ]),
      };
    case ReportTable.BusiestHours: {
      const counts = new Map(data.heatmap.map((cell) => [`${cell.weekday}-${cell.hour}`, cell.sessions]));
      const hours = Array.from({ length: 24 }, (_, hour) => hour);
      return {
        header: ['Weekday', ...hours.map((hour) => `${String(hour).padStart(2, '0')}:00`)],
        rows: WEEKDAYS.map((name, i) => [name, ...hours.map((hour) => counts.get(`${i + 1}-${hour}`) ?? 0)]),
      };
    }
    case ReportTable.TopClientsBySessions:
    case ReportTable.TopClientsByRevenue:
      return {
        header: ['Rank', 'Client', 'Sessions completed', `Revenue (${currency})`],
        rows: data.clients.map((c, i) => [i + 1, c.name, c.sessions, money(c.revenueMinor, currency)]),
      };
    case ReportTable.PackageSales:
      return {
        header: ['Package', 'Sold', 'Credits granted', 'Sold for', 'Currency'],
        rows: data.sales.map((s) => [s.name, s.sold, s.creditsGranted, money(s.valueMinor, s.currency), s.currency]),
      };
    case ReportTable.CreditLiability:
      return {
        header: ['Start', 'End', 'Credits held at end', `Value (${currency})`],
        rows: data.liability.map((p) => [p.start, p.end, p.credits, money(p.valueMinor, currency)]),
      };
  }
}

/** The file to send: its body (UTF-8 with a BOM) and an ASCII-only filename for Content-Disposition. */
export function toReportCsv(data: ReportTableData): { body: string; filename: string } {
  const { header, rows } = tableOf(data);
  return {
    body: toCsv(header, rows),
    filename: asciiFilename(`trainerhub-${data.table}-${data.range.from}-to-${data.range.to}.csv`),
  };
}
