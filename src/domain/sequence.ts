/**
 * Positions (into `values`) of one longest strictly increasing subsequence, in order. Patience
 * sorting with back-pointers: O(n log n), so a 500-milestone plan diffs instantly.
 */
export function longestIncreasingSubsequence(values: readonly number[]): number[] {
  // tails[k] = position of the smallest tail of an increasing run of length k + 1.
  // The `!`s below index within bounds the loop itself maintains.
  const tails: number[] = []
  const previous: number[] = new Array<number>(values.length).fill(-1)
  values.forEach((value, position) => {
    let low = 0
    let high = tails.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (values[tails[mid]!]! < value) low = mid + 1
      else high = mid
    }
    if (low > 0) previous[position] = tails[low - 1]!
    tails[low] = position
  })
  const result: number[] = []
  for (let at = tails.length > 0 ? tails[tails.length - 1]! : -1; at >= 0; at = previous[at]!) result.push(at)
  return result.reverse()
}
