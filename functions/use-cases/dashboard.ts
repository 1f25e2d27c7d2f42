// The dashboard (A1–A3): boxes, the status legend and statistics, read from counters in O(contacts + days).
import type { Lang } from '../desk/model';
import { STATUSES } from '../desk/model';
import { daysBack, medianOf, mergeHistograms, statisticsFrom, type Period } from '../desk/statistics';
import { localize, STATUS_LEGEND } from '../desk/vocabulary';
import type { Deps } from '../deps';
import { knownContacts } from '../store/contacts';
import { durationHistograms, readCounters } from '../store/counters';
import type { Db } from '../store/db';
import { oldestOpenThreadId } from '../store/threads';

/** `employeeId`: the caller, whose "mine" count is given (T1). */
export async function dashboard(deps: Deps, lang: Lang, employeeId: string) {
  const [contacts, counters, firstResponse, timeToClose] = await Promise.all([
    knownContacts(deps.db),
    readCounters(deps.db),
    medians(deps.db, 'firstResponse', deps.now()),
    medians(deps.db, 'timeToClose', deps.now()),
  ]);
  const boxes = await Promise.all(
    contacts.map(async (c) => {
      const counts = counters.box(c.id);
      return {
        contactId: c.id,
        name: localize(c.name, lang),
        saveMessages: c.saveMessages,
        total: counts.total,
        open: counts.open,
        unread: counts.unread,
        pending: counts.pending1 + counts.pending2,
        closed: counts.closed,
        unassigned: counts.unassigned,
        oldestOpenThreadId: counts.open > 0 ? await oldestOpenThreadId(deps.db, c.id) : null,
      };
    }),
  );
  const desk = counters.allBoxes();
  return {
    boxes,
    statuses: STATUSES.map((s) => ({ status: s, label: STATUS_LEGEND[s].label[lang], color: STATUS_LEGEND[s].color, meaning: STATUS_LEGEND[s].meaning[lang] })),
    statistics: statisticsFrom(desk, { firstResponse, timeToClose }),
    // Not-closed threads: in the caller's charge, and in nobody's (T1).
    assignment: { mine: counters.assigned(employeeId), unassigned: desk.unassigned },
  };
}

async function medians(db: Db, kind: 'firstResponse' | 'timeToClose', now: Date): Promise<Record<Period, number | null>> {
  const { allTime, days } = await durationHistograms(db, kind, daysBack(now, 30));
  const today = now.toISOString().slice(0, 10);
  const past = days.filter((d) => d.day <= today);
  const last7 = daysBack(now, 7);
  return {
    allTime: medianOf(allTime),
    last30Days: medianOf(mergeHistograms(past.map((d) => d.histogram))),
    last7Days: medianOf(mergeHistograms(past.filter((d) => d.day >= last7).map((d) => d.histogram))),
  };
}
