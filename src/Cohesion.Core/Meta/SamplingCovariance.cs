using System.Globalization;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Meta;

/// <summary>Reads a known sampling covariance matrix for rma.mv: a CSV with k columns (header V1..Vk or any names) and
/// k rows, rows and columns in the data's row order.</summary>
public static class SamplingCovariance
{
    public static double[] Load(string path, int expectedRows)
    {
        if (!File.Exists(path)) throw new CohesionException("file not found", path);
        DataFrame f = CsvReader.Read(path);
        int k = f.Columns.Count;
        if (k != f.RowCount)
            throw new CohesionException($"the sampling covariance matrix must be square: {f.RowCount} rows but {k} columns", path);
        if (k != expectedRows)
            throw new CohesionException($"the sampling covariance matrix has {k} rows and columns but the data have {expectedRows} rows (one row and column per data row, in the data's order)", path);
        var v = new double[k * k];
        for (int j = 0; j < k; j++)
        {
            var col = f.Columns[j];
            if (col is not NumericColumn num)
                throw new CohesionException("the sampling covariance matrix must hold numbers only", path, col.Name, 1);
            for (int i = 0; i < k; i++)
            {
                double x = num.Values[i];
                if (double.IsNaN(x)) throw new CohesionException("missing value in the sampling covariance matrix", path, col.Name, i + 1);
                v[i * k + j] = x;
            }
        }
        for (int i = 0; i < k; i++)
        {
            if (!(v[i * k + i] > 0))
                throw new CohesionException($"sampling variance on the diagonal must be positive, got {v[i * k + i].ToString("R", CultureInfo.InvariantCulture)}", path, f.Columns[i].Name, i + 1);
            for (int j = 0; j < i; j++)
                if (Math.Abs(v[i * k + j] - v[j * k + i]) > 1e-10 * Math.Max(1, Math.Abs(v[i * k + j])))
                    throw new CohesionException($"the sampling covariance matrix is not symmetric (row {i + 1}, column {j + 1} differs from row {j + 1}, column {i + 1})", path, f.Columns[j].Name, i + 1);
        }
        return v;
    }
}
