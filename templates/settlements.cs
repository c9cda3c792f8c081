<?cs def:content() ?>
<?cs if:Account.Number ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Account <?cs var:Account.Number ?></a> · <a href="/settlements">All settlements</a></p>
<h1>Settlements of account <?cs var:Account.Number ?></h1>
<p class="lead"><?cs var:Account.CustomerName ?></p>
<div class="actions">
  <a class="button" href="/accounts/<?cs var:Account.Number ?>/settle">Settle</a>
</div>
<?cs else ?>
<h1>Settlements</h1>
<p class="lead">What customers paid to settle their accounts, newest first. Times are in <?cs var:Zone.Name ?>.</p>
<?cs /if ?>
<form method="get" action="<?cs var:Page.Path ?>" class="filters" novalidate>
<?cs include:"date_filters.cs" ?>
  <div>
    <label for="f-medium">Medium</label>
    <select id="f-medium" name="medium"<?cs if:Errors.medium ?> aria-invalid="true" aria-describedby="medium-error"<?cs /if ?>>
      <option value="">Any</option>
<?cs each:m = Media ?>
      <option value="<?cs var:m.Key ?>"<?cs if:Filter.medium == m.Key ?> selected<?cs /if ?>><?cs var:m.Label ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.medium ?>
    <p class="field-error" id="medium-error"><?cs var:Errors.medium ?></p>
<?cs /if ?>
  </div>
  <div>
    <label for="f-staff">Taken by</label>
    <select id="f-staff" name="staff"<?cs if:Errors.staff ?> aria-invalid="true" aria-describedby="staff-error"<?cs /if ?>>
      <option value="">Anyone</option>
<?cs each:s = StaffList ?>
      <option value="<?cs var:s.Id ?>"<?cs if:Filter.staff == s.Id ?> selected<?cs /if ?>><?cs var:s.Name ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.staff ?>
    <p class="field-error" id="staff-error"><?cs var:Errors.staff ?></p>
<?cs /if ?>
  </div>
  <button type="submit">Filter</button>
</form>
<?cs if:Listed ?>
<dl class="facts totals">
  <dt>Settlements</dt><dd class="total-count"><?cs var:Totals.Count ?></dd>
  <dt>Total paid</dt><dd class="total-amount"><?cs var:Totals.Amount ?></dd>
  <dt>Unapplied (credit in hand)</dt><dd class="total-unapplied"><?cs var:Totals.Unapplied ?></dd>
</dl>
<div class="actions">
  <a href="<?cs var:Export.Link ?>">Download CSV</a>
</div>
<?cs if:subcount(Settlements) == 0 ?>
<p class="note">No settlements match.</p>
<?cs else ?>
<table class="list settlements">
  <thead>
    <tr>
      <th scope="col">Time</th>
      <th scope="col">Entry</th>
      <th scope="col">Account</th>
      <th scope="col">Customer</th>
      <th scope="col" class="num">Amount</th>
      <th scope="col" class="num">Unapplied</th>
      <th scope="col">Medium</th>
      <th scope="col">Reference</th>
      <th scope="col">Taken by</th>
    </tr>
  </thead>
  <tbody>
<?cs each:e = Settlements ?>
    <tr>
      <td class="when"><?cs var:e.Time ?></td>
      <td><a href="<?cs var:e.Receipt ?>"><?cs var:e.Number ?></a></td>
      <td><a href="/accounts/<?cs var:e.Account ?>"><?cs var:e.Account ?></a></td>
      <td><?cs var:e.Customer ?></td>
      <td class="num"><?cs var:e.Amount ?></td>
      <td class="num"><?cs var:e.Unapplied ?></td>
      <td><?cs var:e.Medium ?></td>
      <td><?cs var:e.Reference ?></td>
      <td><?cs var:e.Staff ?><?cs if:e.Approver ?> <span class="hint">approved by <?cs var:e.Approver ?></span><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"pager.cs" ?>
<?cs /if ?>
<?cs /def ?>
