/**
 * The cleanup schedule is one sorted set of "sessionId|userId" scored by the earliest time the
 * session could have ended. Scores only ever lag behind (activity slides deadlines without
 * touching this global key), so a due entry is checked and either deleted or rescheduled.
 */
export function scheduleMember(userId: string, sessionId: string): string {
  return `${sessionId}|${userId}`;
}

export function parseScheduleMember(member: string): { sessionId: string; userId: string } {
  const bar = member.indexOf('|');
  return { sessionId: member.slice(0, bar), userId: member.slice(bar + 1) };
}
