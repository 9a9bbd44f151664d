/// What a cell means, not how it looks: themes map roles to colours and attributes, so the
/// view stays the same whatever the theme, and render tests read roles.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case header
    case headerBadge = "header.badge"
    case border
    case borderFocused = "border.focused"
    case title
    case titleFocused = "title.focused"
    case columnHeader = "column.header"
    case selection
    case selectionInactive = "selection.inactive"
    case changed
    case statusQueued = "status.queued"
    case statusRunning = "status.running"
    case statusCompleted = "status.completed"
    case statusFailed = "status.failed"
    case statusCancelled = "status.cancelled"
    case statusUnknown = "status.unknown"
    case stale
    case error
    case ok
    case keyHint = "key.hint"
    case keyLabel = "key.label"
    case logRunner = "log.stream.runner"
    case logLinc = "log.stream.linc"
    case logOther = "log.stream.other"
    case logMatch = "log.match"
    case logMarker = "log.marker"
    case tabActive = "tab.active"
    case tabInactive = "tab.inactive"
    case input
    case inputFocused = "input.focused"
    case cursor
    case chart
    case dialog
    case flashInfo = "flash.info"
    case flashError = "flash.error"

    /// One character per role for the style masks of render tests.
    public var maskChar: Character {
        switch self {
        case .normal: "."
        case .dim: "d"
        case .header: "H"
        case .headerBadge: "B"
        case .border: "-"
        case .borderFocused: "="
        case .title: "t"
        case .titleFocused: "T"
        case .columnHeader: "c"
        case .selection: "S"
        case .selectionInactive: "s"
        case .changed: "!"
        case .statusQueued: "q"
        case .statusRunning: "r"
        case .statusCompleted: "g"
        case .statusFailed: "f"
        case .statusCancelled: "x"
        case .statusUnknown: "u"
        case .stale: "~"
        case .error: "E"
        case .ok: "o"
        case .keyHint: "k"
        case .keyLabel: "K"
        case .logRunner: "1"
        case .logLinc: "2"
        case .logOther: "3"
        case .logMatch: "M"
        case .logMarker: "m"
        case .tabActive: "A"
        case .tabInactive: "a"
        case .input: "i"
        case .inputFocused: "I"
        case .cursor: "_"
        case .chart: "#"
        case .dialog: "D"
        case .flashInfo: "n"
        case .flashError: "e"
        }
    }
}
