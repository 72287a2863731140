extension Array where Element: Comparable {
    /// The position of `element` in this ascending array, by binary search, or `nil` when it is absent.
    func indexInSorted(_ element: Element) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == element ? low : nil
    }
}
