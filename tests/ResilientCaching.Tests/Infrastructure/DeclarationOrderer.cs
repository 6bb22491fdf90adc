using Xunit.Abstractions;
using Xunit.Sdk;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Runs a class's tests by name (A_, B_, ...) where a later test breaks the shared topology on purpose.</summary>
public sealed class DeclarationOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
        => testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
