using Threadwise.Cli.Loading;

namespace Threadwise.Cli.Tests;

public sealed class AnalysisTargetTests
{
    [Fact]
    public void Folder_with_one_solution_is_that_solution()
    {
        string root = TestPaths.NewScratchFolder("target");
        CodeBases.Write(root, "App.slnx", "<Solution />");
        CodeBases.Write(root, "App/App.csproj", "<Project />");

        AnalysisTarget? target = AnalysisTarget.Resolve(root, out _);

        Assert.Equal(Path.Combine(root, "App.slnx"), target?.SolutionPath);
        Assert.Equal(root, target?.BaseDirectory);
    }

    [Fact]
    public void Folder_without_solution_is_its_projects_outside_build_output()
    {
        string root = TestPaths.NewScratchFolder("target");
        CodeBases.Write(root, "Lesson1/Lesson1.csproj", "<Project />");
        CodeBases.Write(root, "Lesson2/Lesson2.csproj", "<Project />");
        CodeBases.Write(root, "Lesson2/obj/Copy.csproj", "<Project />");

        AnalysisTarget? target = AnalysisTarget.Resolve(root, out _);

        Assert.Null(target?.SolutionPath);
        Assert.Equal(["Lesson1.csproj", "Lesson2.csproj"], target!.ProjectPaths.Select(Path.GetFileName));
    }

    [Fact]
    public void Folder_with_two_solutions_asks_which_one()
    {
        string root = TestPaths.NewScratchFolder("target");
        CodeBases.Write(root, "A.sln", "");
        CodeBases.Write(root, "B.slnx", "<Solution />");

        Assert.Null(AnalysisTarget.Resolve(root, out string? error));
        Assert.Contains("name the one to analyze", error);
    }

    [Fact]
    public void Project_file_is_analyzed_alone_relative_to_its_folder()
    {
        string root = TestPaths.NewScratchFolder("target");
        CodeBases.Write(root, "Lib/Lib.csproj", "<Project />");

        AnalysisTarget? target = AnalysisTarget.Resolve(Path.Combine(root, "Lib", "Lib.csproj"), out _);

        Assert.Equal([Path.Combine(root, "Lib", "Lib.csproj")], target?.ProjectPaths);
        Assert.Equal(Path.Combine(root, "Lib"), target?.BaseDirectory);
    }

    [Fact]
    public void Other_files_are_rejected()
    {
        string root = TestPaths.NewScratchFolder("target");
        CodeBases.Write(root, "Lib.vbproj", "<Project />");

        Assert.Null(AnalysisTarget.Resolve(Path.Combine(root, "Lib.vbproj"), out string? error));
        Assert.Contains("not a solution", error);
    }
}
