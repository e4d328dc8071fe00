using VarTrace.Cli;

return CommandLine.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
