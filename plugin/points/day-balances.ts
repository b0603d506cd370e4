/**
 * One person's balance by day, kept as entries are posted: a treap ordered by day (compared as
 * text, as the ledger compares days), one node per day holding that day's net points, each node
 * carrying the sum of its subtree and the lowest running balance at the end of any of its days.
 * Posting is O(log n) expected (n = the person's distinct days); the balance at a day and the
 * lowest end-of-day balance from a day on are O(log n), where the ledger used to sort the
 * person's whole history for every redemption.
 */
import type { Day } from '../calendar/index.js';

interface Node {
  day: Day;
  /** Net points posted on this day. */
  points: number;
  priority: number;
  left: Node | null;
  right: Node | null;
  /** Net points of the subtree. */
  sum: number;
  /** The lowest running total at the end of a day of the subtree, counted from its first day. */
  low: number;
}

export interface DayBalances {
  add(day: Day, points: number): void;
  /** Balance at the end of `asOf` (everything when absent). */
  at(asOf?: Day): number;
  /** The lowest balance at the end of `day` or of any later day. */
  lowestFrom(day: Day): number;
}

function refresh(n: Node): void {
  const leftSum = n.left ? n.left.sum : 0;
  const here = leftSum + n.points;
  let low = here;
  if (n.left && n.left.low < low) low = n.left.low;
  if (n.right && here + n.right.low < low) low = here + n.right.low;
  n.sum = here + (n.right ? n.right.sum : 0);
  n.low = low;
}

export function createDayBalances(): DayBalances {
  let root: Node | null = null;
  // a fixed xorshift sequence: the same postings build the same tree
  let seed = 0x2545f491;
  const nextPriority = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };

  const insert = (n: Node | null, day: Day, points: number): Node => {
    if (!n) {
      const fresh: Node = { day, points, priority: nextPriority(), left: null, right: null, sum: points, low: points };
      return fresh;
    }
    if (day === n.day) {
      n.points += points;
    } else if (day < n.day) {
      const child = insert(n.left, day, points);
      n.left = child;
      if (child.priority > n.priority) {
        n.left = child.right;
        refresh(n);
        child.right = n;
        refresh(child);
        return child;
      }
    } else {
      const child = insert(n.right, day, points);
      n.right = child;
      if (child.priority > n.priority) {
        n.right = child.left;
        refresh(n);
        child.left = n;
        refresh(child);
        return child;
      }
    }
    refresh(n);
    return n;
  };

  const at = (asOf?: Day): number => {
    if (asOf === undefined) return root ? root.sum : 0;
    let sum = 0;
    let n = root;
    while (n) {
      if (n.day <= asOf) {
        sum += (n.left ? n.left.sum : 0) + n.points;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return sum;
  };

  return {
    add(day, points) {
      root = insert(root, day, points);
    },
    at,
    lowestFrom(day) {
      // the balance at the end of `day`, then the lowest running total over the later days
      let lowest = at(day);
      let before = 0;
      let n = root;
      while (n) {
        const here = before + (n.left ? n.left.sum : 0) + n.points;
        if (n.day <= day) {
          before = here;
          n = n.right;
        } else {
          if (here < lowest) lowest = here;
          if (n.right && here + n.right.low < lowest) lowest = here + n.right.low;
          n = n.left;
        }
      }
      return lowest;
    },
  };
}
