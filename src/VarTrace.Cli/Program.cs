using System.Text;
using VarTrace.Cli;

// Console.Out flushes on every line; `values --limit all` writes millions of them, so buffer
// standard output and flush once at the end.
using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { AutoFlush = false };
var exitCode = CommandLine.Run(args, output, Console.Error, Environment.CurrentDirectory);
output.Flush();
return exitCode;
