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
<?cs include:"ageing_box.cs" ?>
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
<?cs if:Can.Edit || Can.Deposit || Can.Settle || Can.Adjust ?>
<div class="actions">
<?cs if:Can.Deposit ?>
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/deposit">Deposit</a>
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/payout">Pay out</a>
<?cs /if ?>
<?cs if:Can.Settle ?>
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/settle">Settle</a>
<?cs /if ?>
<?cs if:Can.Adjust ?>
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/adjust">Adjust</a>
<?cs /if ?>
<?cs if:Can.Edit ?>
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/edit">Change limit, hold or status</a>
<?cs /if ?>
<?cs if:Can.Settle ?>
  <a href="/accounts/<?cs var:Account.Number ?>/settlements">Settlements</a>
<?cs /if ?>
</div>
<?cs /if ?>
<p class="account-statements"><a href="/accounts/<?cs var:Account.Number ?>/statements">Statements</a><?cs if:Can.Statements ?> · <a href="/accounts/<?cs var:Account.Number ?>/statements#issue">Issue statement now</a><?cs /if ?></p>
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
<?cs include:"date_filters.cs" ?>
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
      <th scope="col" class="num">Open</th>
      <th scope="col">Reference</th>
<?cs if:Can.Adjust ?>
      <th scope="col">Correct</th>
<?cs /if ?>
    </tr>
  </thead>
  <tbody>
<?cs each:e = Entries ?>
    <tr>
      <td class="when"><?cs var:e.Time ?></td>
      <td><a href="/accounts/<?cs var:Account.Number ?>/entries/<?cs var:e.Number ?>"><?cs var:e.Number ?></a></td>
      <td><?cs var:e.Kind ?></td>
      <td class="num"><?cs var:e.Charge ?></td>
      <td class="num"><?cs var:e.Credit ?></td>
      <td class="num"><?cs var:e.Balance ?></td>
      <td class="num"><?cs var:e.Open ?></td>
      <td><?cs var:e.Reference ?><?cs if:e.Note ?> <span class="hint"><?cs var:e.Note ?></span><?cs /if ?></td>
<?cs if:Can.Adjust ?>
      <td><?cs if:e.Reversible ?><a href="/accounts/<?cs var:Account.Number ?>/entries/<?cs var:e.Number ?>/reverse">Reverse</a><?cs elif:e.Reversed ?><span class="hint">Reversed</span><?cs /if ?></td>
<?cs /if ?>
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
