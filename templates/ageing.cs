<?cs def:content() ?>
<h1>Ageing</h1>
<p class="lead">What customers owe, by how long it is past due<?cs if:Report.Date ?>, as of <?cs var:Report.Date ?><?cs /if ?>. A charge is due on the account's statement date when it has one, else on the day it was made.</p>
<form method="get" action="/reports/ageing" class="filters">
  <div>
    <label for="f-asof">As of <span class="hint">(YYYY-MM-DD)</span></label>
    <input id="f-asof" name="asof" type="text" value="<?cs var:Filter.asof ?>"<?cs if:Errors.asof ?> aria-invalid="true" aria-describedby="asof-error"<?cs /if ?>>
<?cs if:Errors.asof ?>
    <p class="field-error" id="asof-error"><?cs var:Errors.asof ?></p>
<?cs /if ?>
  </div>
  <label class="check"><input type="checkbox" name="over60" value="1"<?cs if:Filter.over60 ?> checked<?cs /if ?>> Only accounts with anything over 60 days</label>
  <button type="submit">Show</button>
</form>
<?cs if:Report.Date ?>
<div class="actions">
  <a class="button" href="<?cs var:Report.Export ?>">Export CSV</a>
</div>
<figure class="chart">
<svg role="img" aria-labelledby="ageing-chart-title" viewBox="0 0 <?cs var:Chart.Width ?> <?cs var:Chart.Height ?>" width="<?cs var:Chart.Width ?>" height="<?cs var:Chart.Height ?>">
  <title id="ageing-chart-title">Total owed by bucket as of <?cs var:Report.Date ?></title>
  <line x1="0" y1="<?cs var:Chart.Base ?>" x2="<?cs var:Chart.Width ?>" y2="<?cs var:Chart.Base ?>" stroke="#8a94a6" stroke-width="1"/>
<?cs each:b = Chart.Bars ?>
  <rect class="bar" x="<?cs var:b.X ?>" y="<?cs var:b.Y ?>" width="<?cs var:Chart.BarWidth ?>" height="<?cs var:b.Height ?>" fill="#2f5d8a"><title><?cs var:b.Label ?>: <?cs var:b.Amount ?></title></rect>
  <text x="<?cs var:b.Middle ?>" y="<?cs var:b.AmountY ?>" text-anchor="middle" font-size="12" fill="#1d2433"><?cs var:b.Amount ?></text>
  <text x="<?cs var:b.Middle ?>" y="<?cs var:Chart.LabelY ?>" text-anchor="middle" font-size="12" fill="#1d2433"><?cs var:b.Label ?></text>
<?cs /each ?>
</svg>
</figure>
<?cs if:Report.Count == 0 ?>
<p class="note">No account owes anything<?cs if:Filter.over60 ?> over 60 days past due<?cs /if ?> as of <?cs var:Report.Date ?>.</p>
<?cs else ?>
<table class="list ageing">
  <caption>Accounts that owe: <?cs var:Report.Count ?>. Page <?cs var:Pager.Page ?> of <?cs var:Pager.Pages ?>.</caption>
  <thead>
    <tr>
<?cs each:col = Columns ?>
      <th scope="col"<?cs if:col.Num ?> class="num"<?cs /if ?><?cs if:col.Sorted ?> aria-sort="<?cs var:col.Sorted ?>"<?cs /if ?>><a href="<?cs var:col.Link ?>"><?cs var:col.Label ?></a></th>
<?cs /each ?>
    </tr>
  </thead>
  <tbody>
<?cs each:row = Rows ?>
    <tr>
      <td><a href="/accounts/<?cs var:row.Number ?>"><?cs var:row.Number ?></a></td>
      <td><?cs var:row.CustomerCode ?> <?cs var:row.CustomerName ?></td>
<?cs each:b = row.B ?>
      <td class="num"><?cs var:b ?></td>
<?cs /each ?>
      <td class="num"><?cs var:row.Total ?></td>
    </tr>
<?cs /each ?>
  </tbody>
  <tfoot>
    <tr class="totals">
      <th scope="row" colspan="2">Total</th>
<?cs each:b = Report.Totals.B ?>
      <td class="num"><?cs var:b ?></td>
<?cs /each ?>
      <td class="num"><?cs var:Report.Totals.Total ?></td>
    </tr>
  </tfoot>
</table>
<?cs if:Pager.Prev || Pager.Next ?>
<nav class="pager" aria-label="Pages">
<?cs if:Pager.Prev ?>  <a href="<?cs var:Pager.Prev ?>" rel="prev">Previous</a>
<?cs /if ?><?cs if:Pager.Next ?>  <a href="<?cs var:Pager.Next ?>" rel="next">Next</a>
<?cs /if ?></nav>
<?cs /if ?>
<?cs /if ?>
<?cs /if ?>
<?cs /def ?>
