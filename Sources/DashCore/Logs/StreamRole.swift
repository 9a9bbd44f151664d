import RunFollow

extension LogStreams {
    static func role(_ stream: String) -> Role {
        switch stream {
        case "runner": .logRunner
        case "linc": .logLinc
        default: .logOther
        }
    }
}
