import App
import Vapor

/// The commands that are tools, not the product: registered by the `minyi` executable beside
/// the product's own, so `minyi simulate` and `minyi bench-load` keep their names.
public enum ToolCommands {
    public static let all: [(name: String, command: any AsyncCommand)] = [
        ("simulate", SimulateCommand()),
        ("bench-load", BenchLoadCommand()),
    ]
}

/// The unit tree's node, not Foundation's unit of measure.
typealias Unit = App.Unit
