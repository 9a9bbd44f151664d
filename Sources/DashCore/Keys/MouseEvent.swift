/// A click or a wheel turn at a cell, as the backend decoded it from the terminal.
public struct MouseEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case press, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public init(x: Int, y: Int, kind: Kind) { self.x = x; self.y = y; self.kind = kind }
}
