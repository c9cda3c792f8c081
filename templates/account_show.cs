<?cs include:"account_badges.cs" ?>
<?cs def:content() ?>
<p><a href="/accounts">All accounts</a></p>
<h1>Account <?cs var:Account.Number ?></h1>
<?cs if:Form.Created ?>
<p class="notice" role="status">The account was created.</p>
<?cs /if ?>
<?cs if:Form.Saved ?>
<p class="notice" role="status">The account was saved.</p>
<?cs /if ?>
<p class="lead">Customer <a href="/customers/<?cs var:Account.CustomerCode ?>"><?cs var:Account.CustomerCode ?></a> <?cs var:Account.CustomerName ?></p>
<p class="badges"><?cs call:acct_badges(Account) ?></p>
<dl class="facts">
  <dt>Balance</dt><dd class="balance"><?cs var:Account.Balance ?></dd>
  <dt>Credit limit</dt><dd><?cs var:Account.Limit ?></dd>
  <dt>Available to spend</dt><dd class="available"><?cs var:Account.Available ?></dd>
  <dt>At the limit</dt><dd><?cs if:Account.RestrictCredit ?>Stop (restrict credit)<?cs else ?>Allow and flag<?cs /if ?></dd>
<?cs if:Account.OnHold ?>
  <dt>On hold</dt><dd><?cs var:Account.HoldReason ?></dd>
<?cs /if ?>
  <dt>Settlement</dt><dd><?cs if:Account.Schedule.Rule ?><?cs var:Account.Schedule.Rule ?>, from <?cs var:Account.Schedule.Start ?><?cs else ?>No schedule<?cs /if ?></dd>
<?cs if:Account.NextDate ?>
  <dt>Next statement</dt><dd><time datetime="<?cs var:Account.NextDate ?>"><?cs var:Account.NextDate ?></time></dd>
<?cs /if ?>
  <dt>Statement email</dt><dd><?cs if:Account.StatementEmail ?><?cs var:Account.StatementEmail ?><?cs else ?>None<?cs /if ?></dd>
</dl>
<?cs if:subcount(Account.Schedule.Dates) > 0 ?>
<div class="preview">
  <p>The next statement dates:</p>
  <ol class="dates">
<?cs each:d = Account.Schedule.Dates ?>
    <li><time datetime="<?cs var:d.Date ?>"><?cs var:d.Date ?></time></li>
<?cs /each ?>
  </ol>
</div>
<?cs /if ?>
<?cs if:Can.Edit ?>
<div class="actions">
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/edit">Change limit, hold or status</a>
</div>
<?cs /if ?>
<h2>Transactions</h2>
<p class="hint">Newest first. Times are in <?cs var:Zone.Name ?>.</p>
<form method="get" action="/accounts/<?cs var:Account.Number ?>" class="filters" novalidate>
  <div>
    <label for="f-kind">Kind</label>
    <select id="f-kind" name="kind"<?cs if:Errors.kind ?> aria-invalid="true" aria-describedby="kind-error"<?cs /if ?>>
      <option value="">Any</option>
<?cs each:k = Kinds ?>
      <option value="<?cs var:k.Key ?>"<?cs if:Filter.kind == k.Key ?> selected<?cs /if ?>><?cs var:k.Label ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.kind ?>
    <p class="field-error" id="kind-error"><?cs var:Errors.kind ?></p>
<?cs /if ?>
  </div>
  <div>
    <label for="f-from">From <span class="hint">(YYYY-MM-DD)</span></label>
    <input id="f-from" name="from" type="text" value="<?cs var:Filter.from ?>"<?cs if:Errors.from ?> aria-invalid="true" aria-describedby="from-error"<?cs /if ?>>
<?cs if:Errors.from ?>
    <p class="field-error" id="from-error"><?cs var:Errors.from ?></p>
<?cs /if ?>
  </div>
  <div>
    <label for="f-to">To <span class="hint">(YYYY-MM-DD)</span></label>
    <input id="f-to" name="to" type="text" value="<?cs var:Filter.to ?>"<?cs if:Errors.to ?> aria-invalid="true" aria-describedby="to-error"<?cs /if ?>>
<?cs if:Errors.to ?>
    <p class="field-error" id="to-error"><?cs var:Errors.to ?></p>
<?cs /if ?>
  </div>
  <button type="submit">Filter</button>
</form>
<?cs if:Export.Link ?>
<div class="actions">
  <a href="<?cs var:Export.Link ?>">Download CSV</a>
</div>
<?cs /if ?>
<?cs if:subcount(Entries) == 0 ?>
<p class="note">No transactions match.</p>
<?cs else ?>
<table class="list entries">
  <thead>
    <tr>
      <th scope="col">Time</th>
      <th scope="col">Entry</th>
      <th scope="col">Kind</th>
      <th scope="col" class="num">Charge</th>
      <th scope="col" class="num">Credit</th>
      <th scope="col" class="num">Balance after</th>
      <th scope="col">Reference</th>
    </tr>
  </thead>
  <tbody>
<?cs each:e = Entries ?>
    <tr>
      <td class="when"><?cs var:e.Time ?></td>
      <td><?cs var:e.Number ?></td>
      <td><?cs var:e.Kind ?></td>
      <td class="num"><?cs var:e.Charge ?></td>
      <td class="num"><?cs var:e.Credit ?></td>
      <td class="num"><?cs var:e.Balance ?></td>
      <td><?cs var:e.Reference ?><?cs if:e.Note ?> <span class="hint"><?cs var:e.Note ?></span><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs if:Pager.Newest || Pager.Older ?>
<nav class="pager" aria-label="Pages">
<?cs if:Pager.Newest ?>  <a href="<?cs var:Pager.Newest ?>">Newest</a>
<?cs /if ?><?cs if:Pager.Older ?>  <a href="<?cs var:Pager.Older ?>" rel="next">Older</a>
<?cs /if ?></nav>
<?cs /if ?>
<?cs /def ?>
