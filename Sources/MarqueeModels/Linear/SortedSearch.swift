extension RandomAccessCollection where Element: Comparable, Index == Int {
    /// The index of `element` in this ascending collection (an array or a slice of one, e.g. a row of an
    /// ``InteractionMatrix``), by binary search, or `nil` when it is absent.
    func indexInSorted(_ element: Element) -> Int? {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low < endIndex && self[low] == element ? low : nil
    }
}
