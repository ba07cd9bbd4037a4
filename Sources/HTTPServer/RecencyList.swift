/// Elements in the order they were last used, for least-recently-used eviction: insert, touch and remove
/// in constant time.
///
/// An intrusive doubly-linked list whose nodes live in an array and link by index, reused through a free
/// list. `OrderedDictionary` (swift-collections) keeps an order too, but moving an element to the end
/// removes and re-appends it, which shifts every element after it: linear in the size of the cache, on
/// every hit.
struct RecencyList<Element> {
    fileprivate struct Node {
        var element: Element?
        var newer = -1
        var older = -1
    }

    private var nodes: [Node] = []
    private var free: [Int] = []
    private var newest = -1
    private var oldest = -1

    /// Adds `element` as the most recently used; returns its index, stable until it is removed.
    mutating func insert(_ element: Element) -> Int {
        let index: Int
        if let reused = free.popLast() {
            index = reused
            nodes[index] = Node(element: element)
        } else {
            index = nodes.count
            nodes.append(Node(element: element))
        }
        link(index)
        return index
    }

    subscript(index: Int) -> Element? { nodes[index].element }

    /// Marks the element at `index` as the most recently used.
    mutating func touch(_ index: Int) {
        guard index != newest else { return }
        unlink(index)
        link(index)
    }

    /// Removes the element at `index`.
    @discardableResult
    mutating func remove(_ index: Int) -> Element? {
        guard let element = nodes[index].element else { return nil }
        unlink(index)
        nodes[index].element = nil
        free.append(index)
        return element
    }

    /// The index of the least recently used element.
    var leastRecent: Int? { oldest < 0 ? nil : oldest }

    private mutating func link(_ index: Int) {
        nodes[index].older = newest
        nodes[index].newer = -1
        if newest >= 0 { nodes[newest].newer = index }
        newest = index
        if oldest < 0 { oldest = index }
    }

    private mutating func unlink(_ index: Int) {
        let (newer, older) = (nodes[index].newer, nodes[index].older)
        if newer >= 0 { nodes[newer].older = older } else { newest = older }
        if older >= 0 { nodes[older].newer = newer } else { oldest = newer }
        nodes[index].newer = -1
        nodes[index].older = -1
    }
}

extension RecencyList: Sendable where Element: Sendable {}
extension RecencyList.Node: Sendable where Element: Sendable {}
