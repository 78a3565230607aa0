import Foundation
import TensorRuntime

// `attn kernel` lives in its own executable so that `attn` itself does not load Foundation
// (JSON), ZeroMQ or swift-crypto: `attn kernel ARGS` execs `attn-kernel ARGS` (see
// attn/main.swift), as `attn render` does.
//
//   attn kernel -f CONNECTION_FILE              run the kernel (Jupyter starts it so)
//   attn kernel install [--user | --prefix DIR] write the kernelspec `attn`

let usage = """
    usage: attn kernel -f CONNECTION_FILE
           attn kernel install [--user | --prefix DIR]
    """

func fail(_ message: String, status: Int32 = 2) -> Never {
    fputs("error: \(message)\n", stderr)
    exit(status)
}

func installCommand(_ arguments: [String]) -> Never {
    var location = KernelSpec.Location.system
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--user": location = .user
        case "--prefix":
            guard let dir = rest.popFirst(), !dir.isEmpty else { fail("--prefix needs a directory\n" + usage) }
            location = .prefix(URL(fileURLWithPath: dir).standardizedFileURL.path)
        case "-h", "--help":
            print(usage)
            exit(0)
        default: fail("unknown option \(argument)\n" + usage)
        }
    }
    do {
        let directory = try KernelSpec.install(at: location, attnPath: KernelSpec.attnPath())
        print("installed the attn kernelspec in \(directory)")
        exit(0)
    } catch {
        fail("\(error)", status: 1)
    }
}

func kernelCommand(_ arguments: [String]) -> Never {
    guard arguments.count == 2, arguments[0] == "-f" || arguments[0] == "--f" else { fail(usage) }
    Allocator.tuneForTensors()
    let kernel: Kernel
    do {
        kernel = try Kernel(connection: ConnectionFile.read(path: arguments[1]))
    } catch {
        fail("\(error)", status: 1)
    }
    Interrupts.install()
    kernel.serve()
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "install": installCommand(Array(arguments.dropFirst()))
case "-h", "--help", nil:
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
default: kernelCommand(arguments)
}
