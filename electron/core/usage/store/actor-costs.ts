import type { DatabaseSync } from 'node:sqlite'

/*
 * The cost per actor (person, service account, key, federated identity; '' for none) and bucket,
 * rewritten by each window commit from that window's rows, like the org's bucket totals. The
 * People screen's daily trend reads these: a row per person shown and bucket, instead of a row
 * per series of theirs (a person has a series per key, model and product).
 */

/** Rewrites the actor costs of one org's buckets of `kind` in [fromHour, toHour), from the rows. Run it inside the commit's transaction. */
export function rebuildActorCosts(db: DatabaseSync, org: number, kind: number, fromHour: number, toHour: number): void {
  db.prepare('DELETE FROM actor_costs WHERE org = ? AND kind = ? AND start_hour >= ? AND start_hour < ?').run(org, kind, fromHour, toHour)
  db.prepare(
    `INSERT INTO actor_costs (org, actor_id, kind, start_hour, cost)
     SELECT u.org, se.actor_id, u.kind, u.start_hour, sum(u.cost) FROM usage u JOIN series se ON se.id = u.series
     WHERE u.org = ? AND u.kind = ? AND u.start_hour >= ? AND u.start_hour < ? GROUP BY se.actor_id, u.start_hour`,
  ).run(org, kind, fromHour, toHour)
}

/** Builds every org's actor costs (a database from before they existed). */
export function rebuildAllActorCosts(db: DatabaseSync): void {
  for (const { org, kind } of db.prepare('SELECT DISTINCT org, kind FROM usage').all() as Array<{ org: number; kind: number }>) {
    rebuildActorCosts(db, Number(org), Number(kind), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
  }
}
