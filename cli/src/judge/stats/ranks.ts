/** Mid-ranks and tie groups of a combined sample, as rank-based tests need them. */

export interface Ranking {
  /** 1-based mid-ranks in input order (tied values share the mean of their positions). */
  ranks: number[];
  /** Sizes of the groups of equal values that have more than one member. */
  tieSizes: number[];
}

export function midRanks(values: readonly number[]): Ranking {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j + 2) / 2; // mean of 1-based positions i+1..j+1
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}
