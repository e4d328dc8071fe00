namespace VarTrace.Core.Project;

/// <summary>What to analyse: the checkout, its inventories, playbook and extra vars.</summary>
/// <param name="ProjectDirectory">The checkout's root.</param>
/// <param name="Inventories"><c>-i</c> sources as given (relative to <paramref name="CurrentDirectory"/>); empty means ansible.cfg's <c>inventory</c>.</param>
/// <param name="Playbook">The playbook as given, or null to pick the project's.</param>
/// <param name="ExtraVars"><c>-e</c> arguments in order.</param>
/// <param name="CurrentDirectory">Directory that relative command-line paths are relative to.</param>
/// <param name="Limits">What may be read (null: <see cref="Model.InputLimits.Default"/>).</param>
public sealed record WorkspaceOptions(
    string ProjectDirectory,
    IReadOnlyList<string> Inventories,
    string? Playbook,
    IReadOnlyList<string> ExtraVars,
    string CurrentDirectory,
    Model.InputLimits? Limits = null);
