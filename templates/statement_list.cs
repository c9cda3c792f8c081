<?cs def:content() ?>
<?cs if:Account.Number ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Account <?cs var:Account.Number ?></a></p>
<h1>Statements of account <?cs var:Account.Number ?></h1>
<p class="lead">Customer <a href="/customers/<?cs var:Account.CustomerCode ?>"><?cs var:Account.CustomerCode ?></a> <?cs var:Account.CustomerName ?> · balance <?cs var:Account.Balance ?> · statement email <?cs if:Account.StatementEmail ?><?cs var:Account.StatementEmail ?><?cs else ?><span class="badge warn">No address</span><?cs /if ?></p>
<?cs if:Can.Send ?>
<form method="post" action="/accounts/<?cs var:Account.Number ?>/statements" class="statement-issue" id="issue">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <p class="hint">Issues the statement of this account up to today now, instead of waiting for its next statement date. It is numbered next and can never change afterwards.<?cs if:!Account.StatementEmail ?> The account has no statement address: the statement will be issued, not sent.<?cs /if ?></p>
<?cs include:"approval.cs" ?>
<?cs if:Errors.issue ?>
  <p class="field-error" id="issue-error" role="alert"><?cs var:Errors.issue ?></p>
<?cs /if ?>
  <button type="submit"<?cs if:Errors.issue ?> aria-describedby="issue-error"<?cs /if ?>>Issue statement now</button>
</form>
<?cs /if ?>
<?cs else ?>
<h1>Statements</h1>
<p class="lead">Statements issued to customers, newest first. Each reads the same forever: corrections appear on the next one.</p>
<div class="actions">
  <a href="/statements/due">Who gets a statement this week</a>
</div>
<?cs /if ?>
<form method="get" action="<?cs var:Page.Path ?>" class="filters" novalidate>
<?cs include:"date_filters.cs" ?>
<?cs if:!Account.Number ?>
  <div>
    <label for="f-account">Account</label>
    <input id="f-account" name="account" type="text" value="<?cs var:Filter.account ?>"<?cs if:Errors.account ?> aria-invalid="true" aria-describedby="account-error"<?cs /if ?>>
<?cs if:Errors.account ?>
    <p class="field-error" id="account-error"><?cs var:Errors.account ?></p>
<?cs /if ?>
  </div>
<?cs /if ?>
  <div>
    <label for="f-delivery">Delivery</label>
    <select id="f-delivery" name="delivery"<?cs if:Errors.delivery ?> aria-invalid="true" aria-describedby="delivery-error"<?cs /if ?>>
      <option value="">Any</option>
<?cs each:d = Deliveries ?>
      <option value="<?cs var:d.Key ?>"<?cs if:Filter.delivery == d.Key ?> selected<?cs /if ?>><?cs var:d.Label ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.delivery ?>
    <p class="field-error" id="delivery-error"><?cs var:Errors.delivery ?></p>
<?cs /if ?>
  </div>
  <button type="submit">Filter</button>
</form>
<p class="hint">From and To filter on the statement date (the end of its period).</p>
<?cs if:Listed ?>
<div class="actions">
  <a href="<?cs var:Export.Link ?>">Download CSV</a>
</div>
<?cs if:subcount(Statements) == 0 ?>
<p class="note">No statements match.</p>
<?cs else ?>
<table class="list statements">
  <thead>
    <tr>
      <th scope="col">Statement</th>
      <th scope="col">Account</th>
      <th scope="col">Customer</th>
      <th scope="col">Period</th>
      <th scope="col" class="num">Amount due</th>
      <th scope="col">Due date</th>
      <th scope="col">Delivery</th>
    </tr>
  </thead>
  <tbody>
<?cs each:s = Statements ?>
    <tr>
      <td><a href="/statements/<?cs var:s.Number ?>"><?cs var:s.Number ?></a></td>
      <td><a href="/accounts/<?cs var:s.Account ?>"><?cs var:s.Account ?></a></td>
      <td><?cs var:s.Customer ?></td>
      <td class="when"><?cs var:s.Start ?> – <?cs var:s.End ?></td>
      <td class="num"><?cs var:s.AmountDue ?></td>
      <td class="when"><?cs var:s.DueOn ?></td>
      <td><span class="badge delivery-<?cs var:s.Delivery ?><?cs if:s.Warn ?> warn<?cs /if ?>"><?cs var:s.DeliveryLabel ?></span></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"pager.cs" ?>
<?cs /if ?>
<?cs /def ?>
